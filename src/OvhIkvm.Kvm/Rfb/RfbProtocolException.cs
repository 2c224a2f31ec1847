using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// The VNC server broke the protocol, refused us, or sent something outside our limits. Being a
/// <see cref="ConsoleException"/>, its message is one sentence a user can act on and carries no secret.
/// </summary>
public sealed class RfbProtocolException : ConsoleException
{
    public RfbProtocolException(string message)
        : base(message)
    {
    }

    public RfbProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
