using OvhIkvm.Imaging;
using OvhIkvm.Simulators.Screens.Catalogue;

namespace OvhIkvm.Simulators.Screens;

/// <summary>
/// Realistic console screens for the simulators and <c>ovh-ikvm-mcp demo</c>. Every screen is a pure function of
/// its arguments (no clock, no randomness), so a test can compare two renderings byte for byte.
/// </summary>
public static class DemoScreens
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<DemoScreenKind> All { get; } = Enum.GetValues<DemoScreenKind>();

    /// <summary>
    /// The mode a real server shows this screen in: firmware and GRUB use the 80x25 PC text mode, a booted Linux a
    /// 1024x768 framebuffer console.
    /// </summary>
    public static TextMode NaturalMode(DemoScreenKind kind) => kind switch
    {
        DemoScreenKind.BiosPost or DemoScreenKind.GrubMenu => TextMode.Text80x25,
        DemoScreenKind.LoginPrompt or DemoScreenKind.KernelPanic or DemoScreenKind.EmergencyMode => TextMode.Text128x48,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown demo screen"),
    };

    /// <summary>Builds a screen in its <see cref="NaturalMode"/>.</summary>
    public static TextScreen Create(DemoScreenKind kind, string hostName) => Create(kind, hostName, NaturalMode(kind));

    /// <summary>Builds a screen in <paramref name="mode"/>; layouts adapt to any mode of at least 80x25.</summary>
    /// <param name="kind">Which picture.</param>
    /// <param name="hostName">The server's host name (e.g. <c>ns1234567</c>), shown where the real screen shows it.</param>
    /// <param name="mode">The text grid to lay the screen out on.</param>
    public static TextScreen Create(DemoScreenKind kind, string hostName, TextMode mode)
    {
        ValidateHostName(hostName);
        ArgumentNullException.ThrowIfNull(mode);
        if (mode.Columns < MinimumMode.Columns || mode.Rows < MinimumMode.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), $"Demo screens need at least {MinimumMode.Columns}x{MinimumMode.Rows} cells, not {mode.Columns}x{mode.Rows}.");
        }

        var screen = new TextScreen(mode);
        switch (kind)
        {
            case DemoScreenKind.LoginPrompt:
                LoginPromptScreen.Draw(screen, hostName);
                break;
            case DemoScreenKind.KernelPanic:
                KernelPanicScreen.Draw(screen);
                break;
            case DemoScreenKind.GrubMenu:
                GrubMenuScreen.Draw(screen);
                break;
            case DemoScreenKind.BiosPost:
                BiosPostScreen.Draw(screen);
                break;
            case DemoScreenKind.EmergencyMode:
                EmergencyModeScreen.Draw(screen);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown demo screen");
        }

        return screen;
    }

    /// <summary>Builds and renders a screen in its <see cref="NaturalMode"/>.</summary>
    public static Frame Render(DemoScreenKind kind, string hostName) => Create(kind, hostName).Render();

    /// <summary>Builds and renders a screen in <paramref name="mode"/>.</summary>
    public static Frame Render(DemoScreenKind kind, string hostName, TextMode mode) => Create(kind, hostName, mode).Render();

    /// <summary>The smallest grid the layouts are designed for.</summary>
    public static TextMode MinimumMode => TextMode.Text80x25;

    private static void ValidateHostName(string hostName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        const int MaximumLength = 63; // one DNS label, which is what a console prompt shows
        if (hostName.Length > MaximumLength || !hostName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            throw new ArgumentException($"'{hostName}' is not a host name (letters, digits, '-' and '.', at most {MaximumLength} characters).", nameof(hostName));
        }
    }
}
