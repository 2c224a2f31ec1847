namespace OvhIkvm.Consoles;

/// <summary>
/// An expected failure on the way to a console (configuration, provider, grant, BMC, protocol). The message is one
/// sentence a user can act on (what failed, for which server, what to do) and is shown to the client as is:
/// it must never contain a secret or a stack trace.
/// </summary>
public class ConsoleException : Exception
{
    public ConsoleException(string message)
        : base(message)
    {
    }

    public ConsoleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
