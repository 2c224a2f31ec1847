using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Input;

/// <summary>Keys or text that cannot be sent as asked: the message names what is wrong and what to send instead.</summary>
public sealed class KeySequenceException(string message) : ConsoleException(message);
