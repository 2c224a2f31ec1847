namespace OvhIkvm.Simulators.Screens.Catalogue;

/// <summary>What agetty leaves on tty1 of a freshly booted Debian 12: its issue banner and the login prompt.</summary>
internal static class LoginPromptScreen
{
    public static void Draw(TextScreen screen, string hostName)
    {
        screen.Clear(TextStyle.Default);
        screen.CursorVisible = true;
        screen.WriteLine()
            .WriteLine($"Debian GNU/Linux 12 {hostName} tty1")
            .WriteLine()
            .Write($"{hostName} login: ");
    }
}
