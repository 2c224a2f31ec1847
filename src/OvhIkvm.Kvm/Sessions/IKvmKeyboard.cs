using OvhIkvm.Kvm.Input;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// A session that can type on its console. Sessions offer it besides <see cref="IKvmSession"/>: a caller that only
/// watches never touches it.
/// </summary>
public interface IKvmKeyboard
{
    /// <summary>
    /// Sends the chords in order. Whatever happens (a failure, <paramref name="cancellationToken"/>), every key and
    /// modifier this call pressed is released before it returns, within a short timeout of its own.
    /// </summary>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">The console could not be reached or refused the keys.</exception>
    Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken);
}
