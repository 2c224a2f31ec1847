using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Kvm.Tests.Screens;

public sealed class DemoScreensTests
{
    private const string Host = "ns1234567";
    private const string PanicMessage = "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)";

    public static TheoryData<DemoScreenKind, int, int> KindsAndModes()
    {
        var data = new TheoryData<DemoScreenKind, int, int>();
        foreach (var kind in DemoScreens.All)
        {
            foreach (var mode in new[] { TextMode.Text80x25, TextMode.Text80x30, TextMode.Text128x48 })
            {
                data.Add(kind, mode.Columns, mode.Rows);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public void Every_screen_renders_at_the_size_of_its_mode_with_something_on_it(DemoScreenKind kind, int columns, int rows)
    {
        var mode = new TextMode(columns, rows);

        var frame = DemoScreens.Render(kind, Host, mode);

        Assert.Equal((columns * 8, rows * 16), (frame.Width, frame.Height));
        var litPixels = Enumerable.Range(0, frame.Width * frame.Height).Count(i => frame.Pixels[i * 4] != 0 || frame.Pixels[(i * 4) + 1] != 0 || frame.Pixels[(i * 4) + 2] != 0);
        Assert.InRange(litPixels, 500, frame.Width * frame.Height / 2);
    }

    [Theory]
    [InlineData(DemoScreenKind.LoginPrompt, 1024, 768)]
    [InlineData(DemoScreenKind.KernelPanic, 1024, 768)]
    [InlineData(DemoScreenKind.EmergencyMode, 1024, 768)]
    [InlineData(DemoScreenKind.GrubMenu, 640, 400)]
    [InlineData(DemoScreenKind.BiosPost, 640, 400)]
    public void Each_screen_has_the_natural_size_a_bmc_captures(DemoScreenKind kind, int width, int height)
    {
        var frame = DemoScreens.Render(kind, Host);
        Assert.Equal((width, height), (frame.Width, frame.Height));
    }

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public void Every_screen_is_deterministic(DemoScreenKind kind, int columns, int rows)
    {
        var mode = new TextMode(columns, rows);
        Assert.True(DemoScreens.Render(kind, Host, mode).ContentEquals(DemoScreens.Render(kind, Host, mode)));
    }

    [Fact]
    public void The_login_prompt_shows_the_debian_banner_and_prompt_for_the_host_with_the_cursor_after_it()
    {
        var screen = DemoScreens.Create(DemoScreenKind.LoginPrompt, "ns7654321");

        Assert.Equal("Debian GNU/Linux 12 ns7654321 tty1", screen.GetRowText(1));
        Assert.Equal("ns7654321 login:", screen.GetRowText(3));
        Assert.True(screen.CursorVisible);
        Assert.Equal((17, 3), (screen.CursorColumn, screen.CursorRow));
        Assert.False(DemoScreens.Render(DemoScreenKind.LoginPrompt, "ns7654321").ContentEquals(DemoScreens.Render(DemoScreenKind.LoginPrompt, Host)));
    }

    [Theory]
    [InlineData(80, 25)]
    [InlineData(128, 48)]
    public void The_kernel_panic_ends_with_the_call_trace_and_end_marker_at_the_bottom(int columns, int rows)
    {
        var screen = DemoScreens.Create(DemoScreenKind.KernelPanic, Host, new TextMode(columns, rows));
        var text = ScreenText(screen);

        Assert.Contains(PanicMessage, text, StringComparison.Ordinal);
        Assert.Contains("Call Trace:", text, StringComparison.Ordinal);
        Assert.Contains("mount_block_root+0x1d3/0x1e6", text, StringComparison.Ordinal);
        Assert.EndsWith($"---[ end {PanicMessage} ]---", text.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, screen.GetRowText(rows - 1)); // the teletype moved on to a fresh line
        Assert.NotEqual(string.Empty, screen.GetRowText(0)); // and the log fills the screen above
    }

    [Fact]
    public void The_grub_menu_highlights_the_starred_first_entry_in_inverse_video_and_counts_down()
    {
        var screen = DemoScreens.Create(DemoScreenKind.GrubMenu, Host);
        var rows = Enumerable.Range(0, screen.Rows).Select(screen.GetRowText).ToList();

        Assert.Equal("GNU GRUB  version 2.06-13+deb12u1", rows[1].Trim());
        var selected = rows.FindIndex(r => r.Contains("*Debian GNU/Linux", StringComparison.Ordinal));
        var other = rows.FindIndex(r => r.Contains(" Advanced options for Debian GNU/Linux", StringComparison.Ordinal));
        Assert.True(selected > 0 && other == selected + 1);
        Assert.Equal(TextStyle.Default.Inverse, screen[2, selected].Style);
        Assert.Equal(TextStyle.Default.Inverse, screen[screen.Columns - 3, selected].Style); // the whole row, not just the text
        Assert.Equal(TextStyle.Default, screen[3, other].Style);
        Assert.Equal('\u250C', screen[1, selected - 1].Character);
        Assert.Contains(rows, r => r.Contains("Use the \u2191 and \u2193 keys to select which entry is highlighted.", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("The highlighted entry will be executed automatically in 5s.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_emergency_screen_colours_unit_status_and_ends_at_the_maintenance_prompt()
    {
        var screen = DemoScreens.Create(DemoScreenKind.EmergencyMode, Host);
        var rows = Enumerable.Range(0, screen.Rows).Select(screen.GetRowText).ToList();

        var failed = rows.FindIndex(r => r.StartsWith("[FAILED]", StringComparison.Ordinal));
        var ok = rows.FindIndex(r => r.StartsWith("[  OK  ]", StringComparison.Ordinal));
        Assert.Equal(VgaColor.LightRed, screen[1, failed].Style.Foreground);
        Assert.Equal(VgaColor.LightGreen, screen[3, ok].Style.Foreground);
        Assert.Equal(VgaColor.LightGray, screen[0, failed].Style.Foreground);
        Assert.Contains(rows, r => r.StartsWith("You are in emergency mode.", StringComparison.Ordinal));
        Assert.Equal("(or press Control-D to continue):", rows[screen.CursorRow]);
    }

    [Fact]
    public void The_bios_screen_shows_the_setup_keys_and_a_post_code()
    {
        var screen = DemoScreens.Create(DemoScreenKind.BiosPost, Host);
        var text = ScreenText(screen);

        Assert.Contains("Press <DEL> or <F2> to enter setup", text, StringComparison.Ordinal);
        Assert.Contains("Total Memory: 32768 MB", text, StringComparison.Ordinal);
        Assert.Equal("A2", screen.GetRowText(screen.Rows - 1).Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("ns1 login")]
    [InlineData("ns1;reboot")]
    [InlineData("h\u00F4te")]
    public void A_host_name_that_is_not_one_is_refused(string hostName)
    {
        Assert.ThrowsAny<ArgumentException>(() => DemoScreens.Create(DemoScreenKind.LoginPrompt, hostName));
    }

    [Fact]
    public void A_host_name_longer_than_a_dns_label_or_a_grid_smaller_than_80x25_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DemoScreens.Create(DemoScreenKind.LoginPrompt, new string('a', 64)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoScreens.Create(DemoScreenKind.GrubMenu, Host, new TextMode(79, 25)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoScreens.Create((DemoScreenKind)99, Host));
    }

    /// <summary>The screen's text with the teletype's wrapping undone: a full row continues on the next one.</summary>
    private static string ScreenText(TextScreen screen)
    {
        var text = new System.Text.StringBuilder();
        for (var row = 0; row < screen.Rows; row++)
        {
            var line = screen.GetRowText(row);
            text.Append(line);
            if (line.Length < screen.Columns)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
