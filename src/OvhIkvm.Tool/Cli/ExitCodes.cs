namespace OvhIkvm.Tool.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed for a reason it explained on stderr.</summary>
    public const int Failure = 1;
}
