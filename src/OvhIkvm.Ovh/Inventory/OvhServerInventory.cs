using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;

namespace OvhIkvm.Ovh.Inventory;

/// <summary>
/// The account's dedicated servers with what each offers: names first, then details and IPMI features in parallel
/// (bounded, to stay a fair user of the API). The list is reused for a short while and refreshed by one caller at a time.
/// </summary>
internal sealed class OvhServerInventory(OvhApiClient api, OvhOptions options, TimeProvider time, ILogger<OvhServerInventory> logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

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
            Volatile.Write(ref _snapshot, new Snapshot(listed, time.GetUtcNow() + options.InventoryCacheDuration));
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

        var described = new ConsoleServer?[safeNames.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.InventoryConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, safeNames.Length),
            parallel,
            async (index, token) => described[index] = await DescribeAsync(safeNames[index], token).ConfigureAwait(false)).ConfigureAwait(false);

        var servers = described.OfType<ConsoleServer>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        logger.InventoryListed(servers.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return servers;
    }

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

    private sealed record Snapshot(IReadOnlyList<ConsoleServer> Servers, DateTimeOffset ValidUntil);
}
