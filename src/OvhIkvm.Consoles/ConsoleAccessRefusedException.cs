namespace OvhIkvm.Consoles;

/// <summary>
/// The console refused the access it was handed (a viewer link that expired or was used up, a web session the BMC no
/// longer knows). That access will never work again, so whoever cached it must drop it; a fresh one may work.
/// </summary>
public sealed class ConsoleAccessRefusedException : ConsoleException
{
    public ConsoleAccessRefusedException(string message)
        : base(message)
    {
    }

    public ConsoleAccessRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
