using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Hands;

/// <summary>Acts on a console and shows what the action did.</summary>
internal interface IConsoleHands
{
    /// <summary>Types <paramref name="keys"/> on the server's console and returns the screen once <paramref name="until"/> holds or the limit passes.</summary>
    /// <exception cref="ConsoleException">The console could not be opened, takes no keys, or failed.</exception>
    Task<Screenshot> SendKeysAsync(string serverId, KeySequence keys, IScreenCondition until, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
