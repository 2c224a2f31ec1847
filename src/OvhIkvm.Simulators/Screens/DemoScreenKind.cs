namespace OvhIkvm.Simulators.Screens;

/// <summary>The console pictures the demo fleet can show.</summary>
public enum DemoScreenKind
{
    /// <summary>A booted Debian 12 server waiting at the tty1 login prompt.</summary>
    LoginPrompt,

    /// <summary>A kernel that could not mount its root file system: panic, call trace and end marker.</summary>
    KernelPanic,

    /// <summary>The GRUB 2 boot menu of a Debian server, first entry highlighted, counting down.</summary>
    GrubMenu,

    /// <summary>An AMI BIOS power-on self test screen.</summary>
    BiosPost,

    /// <summary>systemd emergency mode after a file system failed to mount.</summary>
    EmergencyMode,
}
