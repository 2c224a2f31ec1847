namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>
/// A Debian 12 boot that stops in systemd emergency mode because /srv failed to mount: coloured unit status lines,
/// then the emergency shell's explanation and root-password prompt at the bottom, as the console scrolled.
/// </summary>
internal static class EmergencyModeScreen
{
    private enum Status
    {
        None,
        Ok,
        Failed,
        Depend,
    }

    private static readonly (Status Status, string Text)[] Log =
    [
        (Status.Ok, "Started systemd-journald.service - Journal Service."),
        (Status.Ok, "Finished systemd-remount-fs.service - Remount Root and Kernel File Systems."),
        (Status.Ok, "Finished systemd-udev-trigger.service - Coldplug All udev Devices."),
        (Status.Ok, "Started systemd-udevd.service - Rule-based Manager for Device Events and Files."),
        (Status.Ok, "Found device dev-md2.device - /dev/md2."),
        (Status.Ok, "Found device dev-md3.device - /dev/md3."),
        (Status.Ok, "Reached target local-fs-pre.target - Preparation for Local File Systems."),
        (Status.None, "Starting systemd-fsck@dev-md3.service - File System Check on /dev/md3..."),
        (Status.Failed, "Failed to start systemd-fsck@dev-md3.service - File System Check on /dev/md3."),
        (Status.None, "See 'systemctl status systemd-fsck@dev-md3.service' for details."),
        (Status.Depend, "Dependency failed for srv.mount - /srv."),
        (Status.Depend, "Dependency failed for local-fs.target - Local File Systems."),
        (Status.Ok, "Stopped systemd-ask-password-console.path - Dispatch Password Requests to Console Directory Watch."),
        (Status.Ok, "Reached target emergency.target - Emergency Mode."),
        (Status.None, "Starting systemd-binfmt.service - Set Up Additional Binary Formats..."),
        (Status.Ok, "Finished systemd-binfmt.service - Set Up Additional Binary Formats."),
        (Status.Ok, "Finished systemd-tmpfiles-setup.service - Create Volatile Files and Directories."),
        (Status.Ok, "Started emergency.service - Emergency Shell."),
    ];

    public static void Draw(TextScreen screen)
    {
        var normal = TextStyle.Default;
        screen.Clear(normal);
        screen.CursorVisible = true;
        foreach (var (status, text) in Log)
        {
            WriteStatus(screen, status);
            screen.WriteLine(text);
        }

        screen.WriteLine("You are in emergency mode. After logging in, type \"journalctl -xb\" to view")
            .WriteLine("system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"")
            .WriteLine("to boot into default mode.")
            .WriteLine("Give root password for maintenance")
            .Write("(or press Control-D to continue): ");
    }

    private static void WriteStatus(TextScreen screen, Status status)
    {
        var (label, color) = status switch
        {
            Status.Ok => ("  OK  ", VgaColor.LightGreen),
            Status.Failed => ("FAILED", VgaColor.LightRed),
            Status.Depend => ("DEPEND", VgaColor.Yellow),
            _ => (null, VgaColor.LightGray),
        };

        if (label is null)
        {
            screen.Write("         "); // systemd indents lines without a status to the status column
            return;
        }

        screen.Write("[").Write(label, new TextStyle(color, VgaColor.Black)).Write("] ");
    }
}
