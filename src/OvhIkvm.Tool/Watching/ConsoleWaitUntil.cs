namespace OvhIkvm.Tool.Watching;

/// <summary>What a wait for the console waits for.</summary>
internal enum ConsoleWaitUntil
{
    /// <summary>Anything on the screen changes.</summary>
    Change,

    /// <summary>Nothing changes for a while (the boot settled).</summary>
    Stable,

    /// <summary>The console's text matches a pattern.</summary>
    Text,
}
