using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles;

internal sealed class ConsoleDirectory(IEnumerable<IConsoleProvider> providers) : IConsoleDirectory
{
    private const int MaxServerIdLength = 255;
    private readonly IReadOnlyList<IConsoleProvider> _providers = [.. providers];

    public Task<ServerListing> ListServersAsync(CancellationToken cancellationToken) => ListServersAsync(CancellationToken.None, cancellationToken);

    public async Task<ServerListing> ListServersAsync(CancellationToken answerBy, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(answerBy, cancellationToken);
        var listings = await Task.WhenAll(_providers.Select(p => TryListAsync(p, either.Token, answerBy, cancellationToken))).ConfigureAwait(false);
        var failures = listings.Where(l => l.Error is not null).Select(l => l.Error!).ToList();
        if (failures.Count == _providers.Count && failures.Count > 0)
        {
            throw failures[0];
        }

        return new ServerListing(
            [.. listings.SelectMany(l => l.Servers)],
            [.. failures.Select(f => f.Message)]);
    }

    public async Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ValidateServerId(serverId);
        var provider = _providers.Count == 1 ? _providers[0] : await FindOwnerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await provider.OpenConsoleAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
    }

    public void ForgetConsoleAccess(string serverId)
    {
        foreach (var provider in _providers)
        {
            provider.ForgetConsoleAccess(serverId);
        }
    }

    private async Task<IConsoleProvider> FindOwnerAsync(string serverId, CancellationToken cancellationToken)
    {
        ConsoleException? firstFailure = null;
        foreach (var provider in _providers)
        {
            var listing = await TryListAsync(provider, cancellationToken, CancellationToken.None, cancellationToken).ConfigureAwait(false);
            if (listing.Servers.Any(s => string.Equals(s.Id, serverId, StringComparison.OrdinalIgnoreCase)))
            {
                return provider;
            }

            firstFailure ??= listing.Error;
        }

        throw firstFailure ?? new ServerNotFoundException(
            serverId,
            $"Server '{serverId}' is not known to any configured provider; call list_servers to see the available ids.");
    }

    private static async Task<(IReadOnlyList<ConsoleServer> Servers, ConsoleException? Error)> TryListAsync(
        IConsoleProvider provider,
        CancellationToken listingToken,
        CancellationToken answerBy,
        CancellationToken cancellationToken)
    {
        var who = string.Equals(provider.Name, "ovh", StringComparison.OrdinalIgnoreCase) ? "The OVH API" : $"The {provider.Name} provider";
        try
        {
            return (await provider.ListServersAsync(listingToken).ConfigureAwait(false), null);
        }
        catch (ConsoleException ex)
        {
            return provider.LastKnownServers is { Count: > 0 } known
                ? (known, new ConsoleException($"{StaleNote(who, known)} because listing them failed: {ex.Message}", ex))
                : ([], ex);
        }
        catch (OperationCanceledException ex) when (answerBy.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return provider.LastKnownServers is { Count: > 0 } known
                ? (known, new ConsoleException($"{StaleNote(who, known)} because it did not answer in time; ask again in a minute for a fresh list.", ex))
                : ([], new ConsoleException($"{who} did not answer in time, so its servers are not in this list; ask again in a minute.", ex));
        }
    }

    private static string StaleNote(string who, IReadOnlyList<ConsoleServer> known)
    {
        var listedAt = known.Min(s => s.ListedAt) is { } at ? $" at {at.UtcDateTime:HH:mm:ss} UTC" : " earlier";
        return $"{who}'s {known.Count} servers are as listed{listedAt} (marked \"stale\": true)";
    }

    private static void ValidateServerId(string serverId)
    {
        if (string.IsNullOrWhiteSpace(serverId))
        {
            throw new ConsoleException("serverId is empty; pass one of the ids that list_servers returns.");
        }

        // Ids are echoed in errors and logs: one with a control or bidirectional character is nobody's id.
        if (serverId.Length > MaxServerIdLength || !UntrustedText.IsPrintable(serverId))
        {
            throw new ConsoleException("serverId is not a valid server id; pass one of the ids that list_servers returns.");
        }
    }
}
