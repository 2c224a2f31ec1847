namespace OvhIkvm.Tool.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed for a reason it explained on stderr.</summary>
    public const int Failure = 1;

    /// <summary>The command did not run: a setting is unusable (as for a command-line parse error, the shell convention).</summary>
    public const int Usage = 2;

    /// <summary><c>wait</c> watched the screen for its whole timeout and the condition was not met.</summary>
    public const int WaitTimedOut = 3;
}
