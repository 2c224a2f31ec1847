using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Access;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Inventory;

namespace OvhIkvm.Ovh;

/// <summary>Servers and consoles from the OVH API: the inventory lists them, the broker grants access to one.</summary>
internal sealed class OvhConsoleProvider(OvhOptions options, OvhServerInventory inventory, IpmiAccessBroker broker) : IConsoleProvider
{
    public const string ProviderName = "ovh";

    public string Name => ProviderName;

    public Task<IReadOnlyList<ConsoleServer>> ListServersAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        return inventory.GetServersAsync(cancellationToken);
    }

    public async Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        _ = OvhServiceName.ToPathSegment(serverId);
        var grant = broker.TryGetCachedGrant(serverId) ?? await GrantAsync(serverId, progress, cancellationToken).ConfigureAwait(false);
        return new ViewerPageEndpoint(grant.ViewerUrl) { ExpiresAt = grant.ExpiresAt };
    }

    public void ForgetConsoleAccess(string serverId) => broker.ForgetGrant(serverId);

    public IReadOnlyList<ConsoleServer>? LastKnownServers =>
        inventory.LastKnown is { } known ? [.. known.Servers.Select(s => s with { Stale = true, ListedAt = known.ListedAt })] : null;

    private async Task<IpmiGrant> GrantAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        var server = await inventory.FindAsync(serverId, cancellationToken).ConfigureAwait(false)
            ?? throw new ServerNotFoundException(serverId, NotFoundMessage(serverId, await inventory.GetServersAsync(cancellationToken).ConfigureAwait(false)));
        if (server.ConsoleAvailable == false)
        {
            throw new ConsoleException(
                $"Server {server.Id} offers no HTML5 console through OVH (IPMI is off or its BMC only has the Java viewer); OVH provides the browser KVM on recent servers only.");
        }

        return await broker.GetGrantAsync(server.Id, progress, cancellationToken).ConfigureAwait(false);
    }

    private static string NotFoundMessage(string serverId, IReadOnlyList<ConsoleServer> servers)
    {
        const int Shown = 10;
        if (servers.Count == 0)
        {
            return $"Server '{serverId}' is not in this OVH account, which has no dedicated servers the consumer key can see.";
        }

        var names = string.Join(", ", servers.Take(Shown).Select(s => s.Id));
        var more = servers.Count > Shown ? $" and {servers.Count - Shown} more" : string.Empty;
        return $"Server '{serverId}' is not in this OVH account; use one of {names}{more} (list_servers shows them all).";
    }
}
