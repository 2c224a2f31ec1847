using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles;

/// <summary>All configured providers seen as one: lists their servers and routes a server id to its provider.</summary>
internal interface IConsoleDirectory
{
    /// <exception cref="ConsoleException">No provider could list its servers (the first failure is reported).</exception>
    Task<ServerListing> ListServersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lists like <see cref="ListServersAsync(CancellationToken)"/>, but when <paramref name="answerBy"/> fires the
    /// providers that have not answered are stopped and reported in <see cref="ServerListing.ProviderErrors"/>, so
    /// what did answer is still listed.
    /// </summary>
    /// <exception cref="ConsoleException">No provider listed its servers in time.</exception>
    Task<ServerListing> ListServersAsync(CancellationToken answerBy, CancellationToken cancellationToken);

    /// <exception cref="ConsoleException">The id is invalid or unknown, or its provider could not grant access.</exception>
    Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Tells every provider that the console of <paramref name="serverId"/> refused the access it was given.</summary>
    void ForgetConsoleAccess(string serverId);
}
