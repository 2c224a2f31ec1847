namespace OvhIkvm.Consoles;

/// <summary>No configured provider knows the requested server.</summary>
public sealed class ServerNotFoundException(string serverId, string message) : ConsoleException(message)
{
    public string ServerId { get; } = serverId;
}
