namespace OvhIkvm.Consoles;

/// <summary>A provider's power actions on the servers it lists. Only providers with a documented power API offer it.</summary>
public interface IServerPowerControl
{
    /// <summary>The provider whose servers this acts on, as in <see cref="ConsoleServer.Provider"/>.</summary>
    string ProviderName { get; }

    /// <summary>Hard-reboots the server and follows the provider's task until it has ended.</summary>
    /// <exception cref="ConsoleException">The reboot was refused (a missing access right names how to get it) or its task failed.</exception>
    Task<PowerActionResult> RebootAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
