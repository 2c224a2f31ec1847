using OvhIkvm.Simulators.Screens.Catalogue;

namespace OvhIkvm.Simulators.Screens;

/// <summary>
/// A server booting, as its console shows it: BIOS POST, the GRUB menu, the kernel's messages, systemd starting
/// services and, after about 20 s, the login prompt. Pure like <see cref="DemoScreens"/>: the same arguments give
/// the same screens, and the caller's clock decides which one shows.
/// </summary>
public static class BootSequence
{
    /// <summary>When the login prompt appears.</summary>
    public static TimeSpan LoginPromptAt { get; } = TimeSpan.FromSeconds(20);

    /// <summary>The steps of a Debian 12 server booting, in order of <see cref="BootStep.At"/>, the first at zero.</summary>
    /// <param name="hostName">The server's host name, as the login prompt shows it.</param>
    public static IReadOnlyList<BootStep> Debian(string hostName)
    {
        var steps = new List<BootStep>
        {
            new(TimeSpan.Zero, "BIOS POST", DemoScreens.Create(DemoScreenKind.BiosPost, hostName)),
            new(TimeSpan.FromSeconds(4), "GRUB menu", DemoScreens.Create(DemoScreenKind.GrubMenu, hostName)),
            new(TimeSpan.FromSeconds(7), "loading the kernel", BootLogScreen.LoadingKernel()),
        };
        for (var part = 1; part <= BootLogScreen.KernelParts; part++)
        {
            steps.Add(new(TimeSpan.FromSeconds(8 + (2 * (part - 1))), "kernel messages", BootLogScreen.Kernel(part)));
        }

        steps.Add(new(TimeSpan.FromSeconds(17), "starting services", BootLogScreen.Services()));
        // Caught between two blinks: the recogniser reads a cell under an underline cursor as unknown, and on a screen
        // as short as a login prompt that one cell weighs enough to put the whole text in doubt.
        var login = DemoScreens.Create(DemoScreenKind.LoginPrompt, hostName);
        login.CursorVisible = false;
        steps.Add(new(LoginPromptAt, "login prompt", login));
        return steps;
    }
}
