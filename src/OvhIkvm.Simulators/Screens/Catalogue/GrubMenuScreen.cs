namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>
/// The GRUB 2.06 text-mode menu of a Debian 12 UEFI server with GRUB's default colours: the title, the entry box,
/// the first entry highlighted in inverse video and starred, the key help and the countdown.
/// </summary>
internal static class GrubMenuScreen
{
    private const int SecondsRemaining = 5;

    private static readonly string[] Entries =
    [
        "Debian GNU/Linux",
        "Advanced options for Debian GNU/Linux",
        "Memory test (memtest86+x64.efi)",
        "Memory test (memtest86+x64.efi, serial console)",
        "UEFI Firmware Settings",
    ];

    private static readonly string[] Help =
    [
        "Use the \u2191 and \u2193 keys to select which entry is highlighted.",
        "Press enter to boot the selected OS, `e' to edit the commands",
        "before booting or `c' for a command-line.",
    ];

    public static void Draw(TextScreen screen)
    {
        var normal = TextStyle.Default;
        var highlight = normal.Inverse;
        screen.Clear(normal);

        screen.WriteCentered(1, "GNU GRUB  version 2.06-13+deb12u1", normal);

        // The box spans the width less one column each side and leaves room below for the help and countdown.
        const int BoxTop = 3;
        const int BelowBox = 8;
        var boxBottom = screen.Rows - BelowBox;
        screen.DrawBox(1, BoxTop, screen.Columns - 2, boxBottom - BoxTop + 1, BoxLineStyle.SingleLine, normal);

        var innerWidth = screen.Columns - 4;
        for (var i = 0; i < Entries.Length && BoxTop + 1 + i < boxBottom; i++)
        {
            var row = BoxTop + 1 + i;
            var selected = i == 0;
            var text = ((selected ? "*" : " ") + Entries[i]).PadRight(innerWidth);
            screen.WriteAt(2, row, text, selected ? highlight : normal);
        }

        for (var i = 0; i < Help.Length; i++)
        {
            screen.WriteAt(6, boxBottom + 2 + i, Help[i], normal);
        }

        screen.WriteAt(3, boxBottom + 2 + Help.Length, $"The highlighted entry will be executed automatically in {SecondsRemaining}s.", normal);
    }
}
