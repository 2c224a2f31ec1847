using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;

namespace OvhIkvm.Ovh.Inventory;

/// <summary>
/// The account's dedicated servers with what each offers. Refreshing the list costs one call (the names); a server's
/// details and IPMI features (two calls) are read when it first appears and then reused for
/// <see cref="OvhOptions.ServerDetailsCacheDuration"/>, because they rarely change. Details are read in parallel
/// (bounded), the list is reused for <see cref="OvhOptions.InventoryCacheDuration"/> and refreshed by one caller at a time.
/// </summary>
internal sealed class OvhServerInventory(OvhApiClient api, OvhOptions options, TimeProvider time, ILogger<OvhServerInventory> logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<string, Described> _described = new(StringComparer.Ordinal);
    private Snapshot? _snapshot;

    /// <summary>The last complete list and when OVH gave it, however old; null before the first one.</summary>
    public (IReadOnlyList<ConsoleServer> Servers, DateTimeOffset ListedAt)? LastKnown =>
        Volatile.Read(ref _snapshot) is { } snapshot ? (snapshot.Servers, snapshot.ListedAt) : null;

    /// <summary>
    /// One server, from the list when it is fresh, otherwise described on its own (two calls instead of the whole
    /// account's): a new process opening one console should not list fifty servers first. Null when OVH does not know it.
    /// </summary>
    public async Task<ConsoleServer?> FindAsync(string serviceName, CancellationToken cancellationToken)
    {
        if (Fresh() is { } servers)
        {
            return servers.FirstOrDefault(s => string.Equals(s.Id, serviceName, StringComparison.OrdinalIgnoreCase));
        }

        if (_described.TryGetValue(serviceName, out var known) && !IsStale(known))
        {
            return known.Server;
        }

        var server = await DescribeAsync(serviceName, cancellationToken).ConfigureAwait(false);
        if (server is not null)
        {
            _described[serviceName] = new Described(server, time.GetUtcNow());
        }

        return server;
    }

    public async Task<IReadOnlyList<ConsoleServer>> GetServersAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } servers)
        {
            return servers;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            var listed = await ListAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            Volatile.Write(ref _snapshot, new Snapshot(listed, now, now + options.InventoryCacheDuration));
            return listed;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private IReadOnlyList<ConsoleServer>? Fresh() =>
        Volatile.Read(ref _snapshot) is { } snapshot && time.GetUtcNow() < snapshot.ValidUntil ? snapshot.Servers : null;

    private async Task<IReadOnlyList<ConsoleServer>> ListAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var names = await api.GetAsync(OvhRoute.Servers, OvhJsonContext.Default.StringArray, cancellationToken).ConfigureAwait(false);
        var safeNames = names.Where(n => OvhServiceName.IsValid(n)).Distinct(StringComparer.Ordinal).ToArray();
        if (safeNames.Length != names.Length)
        {
            logger.UnsafeServiceNameSkipped();
        }

        // Only servers not seen yet, or seen too long ago, cost their two detail calls.
        var toDescribe = safeNames.Where(n => !_described.TryGetValue(n, out var known) || IsStale(known)).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.InventoryConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(
            toDescribe,
            parallel,
            async (name, token) =>
            {
                if (await DescribeAsync(name, token).ConfigureAwait(false) is { } server)
                {
                    _described[name] = new Described(server, time.GetUtcNow());
                }
                else
                {
                    _described.TryRemove(name, out _);
                }
            }).ConfigureAwait(false);

        var listedNames = new HashSet<string>(safeNames, StringComparer.Ordinal);
        foreach (var gone in _described.Keys.Where(n => !listedNames.Contains(n)))
        {
            _described.TryRemove(gone, out _);
        }

        var servers = safeNames.Select(n => _described.TryGetValue(n, out var d) ? d.Server : null)
            .OfType<ConsoleServer>()
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        logger.ServersDescribed(toDescribe.Length, safeNames.Length);
        logger.InventoryListed(servers.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return servers;
    }

    private bool IsStale(Described described) => time.GetUtcNow() - described.DescribedAt >= options.ServerDetailsCacheDuration;

    /// <summary>One server, or null when it vanished between the list and the detail call.</summary>
    private async Task<ConsoleServer?> DescribeAsync(string serviceName, CancellationToken cancellationToken)
    {
        var detailsTask = api.GetAsync(OvhRoute.Server(serviceName), OvhJsonContext.Default.DedicatedServer, cancellationToken);
        var featuresTask = ReadFeaturesAsync(serviceName, cancellationToken);
        DedicatedServer details;
        try
        {
            details = await detailsTask.ConfigureAwait(false);
        }
        catch (OvhApiException ex) when (ex.Failure == OvhFailure.NotFound)
        {
            await ObserveAsync(featuresTask).ConfigureAwait(false);
            return null;
        }
        catch
        {
            await ObserveAsync(featuresTask).ConfigureAwait(false);
            throw;
        }

        var features = await featuresTask.ConfigureAwait(false);
        return new ConsoleServer(
            Id: serviceName,
            Name: DisplayName(details, serviceName),
            Provider: OvhConsoleProvider.ProviderName,
            Datacenter: details.Datacenter is { } datacenter ? UntrustedText.Printable(datacenter) : null,
            Ip: details.Ip is { } ip ? UntrustedText.Printable(ip) : null,
            ConsoleAvailable: features?.OffersHtml5Console);
    }

    /// <summary>IPMI features; a 404 means "no IPMI" (as the control panel reads it); a refusal leaves availability unknown.</summary>
    private async Task<IpmiFeatures?> ReadFeaturesAsync(string serviceName, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetAsync(OvhRoute.Ipmi(serviceName), OvhJsonContext.Default.IpmiFeatures, cancellationToken).ConfigureAwait(false);
        }
        catch (OvhApiException ex) when (ex.Failure == OvhFailure.NotFound)
        {
            return IpmiFeatures.None;
        }
        catch (OvhApiException ex) when (ex.Failure is OvhFailure.NotGranted or OvhFailure.Rejected)
        {
            logger.IpmiFeaturesUnknown(serviceName, ex.Message);
            return null;
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsoleException or OperationCanceledException)
        {
            // The detail call's failure is the one reported; this one only must not go unobserved.
        }
    }

    /// <summary>The reverse DNS or the name OVH holds: free text an account owner (or anyone who can set a reverse) controls.</summary>
    private static string DisplayName(DedicatedServer details, string serviceName)
    {
        var reverse = details.Reverse?.TrimEnd('.');
        var name = !string.IsNullOrWhiteSpace(reverse) ? reverse : !string.IsNullOrWhiteSpace(details.Name) ? details.Name : serviceName;
        return UntrustedText.Printable(name);
    }

    private sealed record Snapshot(IReadOnlyList<ConsoleServer> Servers, DateTimeOffset ListedAt, DateTimeOffset ValidUntil);

    private sealed record Described(ConsoleServer Server, DateTimeOffset DescribedAt);
}
