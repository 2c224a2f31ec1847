namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>
/// The text power-on self test of an AMI BIOS on a single-socket server board: firmware banner, CPU, memory,
/// BMC, detected drives, the setup hot keys, and the POST code in the bottom-right corner.
/// </summary>
internal static class BiosPostScreen
{
    public static void Draw(TextScreen screen)
    {
        var normal = TextStyle.Default;
        var bright = new TextStyle(VgaColor.White, VgaColor.Black);
        var keys = new TextStyle(VgaColor.Yellow, VgaColor.Black);
        screen.Clear(normal);

        screen.WriteAt(1, 1, "Version 2.22.1287. Copyright (C) 2024 AMI", bright);
        screen.WriteAt(1, 2, "ASRockRack E3C246D4U2-2T  BIOS L2.13  03/29/2024", bright);

        string[] body =
        [
            "CPU Type  : Intel(R) Xeon(R) E-2386G CPU @ 3.50GHz",
            "CPU Speed : 3500 MHz, 6 Cores / 12 Threads",
            "Total Memory: 32768 MB (DDR4 3200 MT/s, ECC)",
            "BMC Firmware Version: 1.80.00  BMC IP: DHCP",
            string.Empty,
            "USB Devices total: 0 Drive, 1 Keyboard, 1 Mouse, 2 Hubs",
            string.Empty,
            "Detected ATA/ATAPI Devices...",
            "SATA3_0: SAMSUNG MZ7LH480HAHQ-00005",
            "SATA3_1: SAMSUNG MZ7LH480HAHQ-00005",
            string.Empty,
            "Auto-detecting USB Mass Storage Devices ..",
            "00 USB mass storage devices found and configured.",
        ];
        for (var i = 0; i < body.Length; i++)
        {
            screen.WriteAt(1, 4 + i, body[i], normal);
        }

        var bottom = screen.Rows - 1;
        screen.WriteAt(1, bottom - 1, "Press <DEL> or <F2> to enter setup, <F11> for boot menu, <F12> for PXE boot.", keys);
        screen.WriteAt(screen.Columns - 3, bottom, "A2", bright);
    }
}
