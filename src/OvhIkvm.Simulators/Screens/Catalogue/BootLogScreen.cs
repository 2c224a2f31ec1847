namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>
/// The text a Debian 12 server prints between GRUB and the login prompt: GRUB loading the kernel (80x25 text mode),
/// then the kernel log and systemd's status lines on the 1024x768 framebuffer console, written as a teletype would.
/// </summary>
internal static class BootLogScreen
{
    /// <summary>How many growing screens of kernel messages the boot shows.</summary>
    public const int KernelParts = 4;

    private static readonly string[] KernelLog =
    [
        "[    0.000000] Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1",
        "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-57-amd64 root=/dev/md2 ro",
        "[    0.000000] BIOS-provided physical RAM map:",
        "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable",
        "[    0.000000] DMI: ASRockRack E3C246D4U2-2T/E3C246D4U2-2T, BIOS L2.13 03/29/2024",
        "[    0.000000] tsc: Detected 3500.000 MHz processor",
        "[    0.012904] ACPI: Early table checksum verification disabled",
        "[    0.104220] smpboot: Allowing 12 CPUs, 0 hotplug CPUs",
        "[    0.211873] Memory: 32585416K/33411804K available (14342K kernel code)",
        "[    0.318830] smp: Brought up 1 node, 12 CPUs",
        "[    0.402193] PCI: Using configuration type 1 for base access",
        "[    0.611077] Freeing unused kernel image (initmem) memory: 2936K",
        "[    0.713510] Run /init as init process",
        "[    1.204518] ahci 0000:00:17.0: AHCI 0001.0301 32 slots 6 ports 6 Gbps 0x3f impl SATA mode",
        "[    1.529876] ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)",
        "[    1.543904] sd 0:0:0:0: [sda] 937703088 512-byte logical blocks: (480 GB/447 GiB)",
        "[    1.561718] igb 0000:01:00.0: eth0: (PCIe:2.5Gb/s:Width x1) a8:a1:59:3c:0e:42",
        "[    1.802211] md/raid1:md2: active with 2 out of 2 mirrors",
        "[    1.803392] md2: detected capacity change from 0 to 935180288",
        "[    2.104977] EXT4-fs (md2): mounted filesystem with ordered data mode. Quota mode: none.",
        "[    2.291845] systemd[1]: systemd 252.39-1~deb12u1 running in system mode",
        "[    2.301160] systemd[1]: Detected architecture x86-64.",
        "[    2.304327] systemd[1]: Hostname set to <debian>.",
    ];

    private static readonly string[] ServiceLines =
    [
        "[  OK  ] Finished systemd-fsck-root.service - File System Check on Root Device.",
        "[  OK  ] Mounted boot.mount - /boot.",
        "[  OK  ] Reached target local-fs.target - Local File Systems.",
        "[  OK  ] Started systemd-journald.service - Journal Service.",
        "[  OK  ] Finished networking.service - Raise network interfaces.",
        "[  OK  ] Reached target network-online.target - Network is Online.",
        "[  OK  ] Started ssh.service - OpenBSD Secure Shell server.",
        "[  OK  ] Started getty@tty1.service - Getty on tty1.",
        "[  OK  ] Reached target multi-user.target - Multi-User System.",
    ];

    public static TextScreen LoadingKernel()
    {
        var screen = new TextScreen(TextMode.Text80x25).Clear(TextStyle.Default);
        screen.WriteLine("Loading Linux 6.1.0-57-amd64 ...")
            .WriteLine("Loading initial ramdisk ...");
        return screen;
    }

    /// <summary>The kernel log as far as part <paramref name="part"/> of <see cref="KernelParts"/>.</summary>
    public static TextScreen Kernel(int part)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(part, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(part, KernelParts);
        var lines = KernelLog.Length * part / KernelParts;
        var screen = new TextScreen(TextMode.Text128x48).Clear(TextStyle.Default);
        foreach (var line in KernelLog.Take(lines))
        {
            screen.WriteLine(line);
        }

        return screen;
    }

    /// <summary>The whole kernel log, then systemd's status lines with their green OK.</summary>
    public static TextScreen Services()
    {
        var screen = Kernel(KernelParts);
        var ok = new TextStyle(VgaColor.LightGreen, VgaColor.Black);
        foreach (var line in ServiceLines)
        {
            screen.Write("[", TextStyle.Default).Write("  OK  ", ok).WriteLine(line["[  OK  ".Length..]);
        }

        return screen;
    }
}
