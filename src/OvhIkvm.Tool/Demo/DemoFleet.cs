using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Tool.Demo;

/// <summary>
/// The try-it-now fleet: the OVH API simulator and one simulated AMI BMC per server, on loopback, with OVH options that
/// point the real pipeline at them. Nothing is mocked past this point: signatures, task polling, the viewer page, the
/// IVTP session and the ASPEED decoder all run as they do against real servers.
/// </summary>
internal sealed class DemoFleet : IAsyncDisposable
{
    private readonly List<BmcSimulator> _bmcs;
    private readonly OvhApiSimulator _ovh;

    private DemoFleet(OvhApiSimulator ovh, List<BmcSimulator> bmcs)
    {
        _ovh = ovh;
        _bmcs = bmcs;
        // The simulator moves a task on at every read: poll briskly so the demo shows the grant without the wait.
        Ovh = AccountOptions(ovh, taskPollInterval: TimeSpan.FromMilliseconds(150), inventoryCacheDuration: TimeSpan.FromMinutes(1));
    }

    /// <summary>The OVH options of a user whose account is the simulated one.</summary>
    public OvhOptions Ovh { get; }

    /// <summary>The options of a user whose OVH account is <paramref name="ovh"/>'s simulated one.</summary>
    public static OvhOptions AccountOptions(OvhApiSimulator ovh, TimeSpan taskPollInterval, TimeSpan inventoryCacheDuration)
    {
        ArgumentNullException.ThrowIfNull(ovh);
        return new OvhOptions
        {
            Endpoint = "ovh-eu",
            ApiBaseUrl = ovh.BaseUrl,
            ApplicationKey = ovh.Options.ApplicationKey,
            ApplicationSecret = new Secret(ovh.Options.ApplicationSecret),
            ConsumerKey = new Secret(ovh.Options.ConsumerKey),
            TaskPollInterval = taskPollInterval,
            InventoryCacheDuration = inventoryCacheDuration,
        };
    }

    public static Task<DemoFleet> StartAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        StartAsync(loggerFactory, TimeProvider.System, cancellationToken);

    /// <param name="loggerFactory">Logs of the simulated OVH API.</param>
    /// <param name="time">The clock the booting server boots by, from now.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DemoFleet> StartAsync(ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var bmcs = new List<BmcSimulator>();
        try
        {
            var servers = new List<OvhSimulatedServer>();
            foreach (var server in DemoServer.Fleet)
            {
                var simulated = new OvhSimulatedServer(server.ServiceName, server.Ip, server.Datacenter) { Html5Console = server.Screen is not null };
                if (server.Screen is { } screen)
                {
                    var bmc = await BmcSimulator.StartAsync(
                        new BmcSimulatorOptions { AcceptForeignViewerTokens = true },
                        server.Boots ? new BootingScreenSource(server.HostName, time) : new DemoScreenSource(screen, server.HostName),
                        cancellationToken).ConfigureAwait(false);
                    bmcs.Add(bmc);
                    simulated = simulated with { ViewerBaseUrl = bmc.ViewerPageUrl };
                }

                servers.Add(simulated);
            }

            var ovh = await OvhApiSimulator.StartAsync(
                new OvhSimulatorOptions { Servers = servers, GeolocationIp = "203.0.113.7" },
                loggerFactory,
                cancellationToken).ConfigureAwait(false);
            return new DemoFleet(ovh, bmcs);
        }
        catch
        {
            foreach (var bmc in bmcs)
            {
                await bmc.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ovh.DisposeAsync().ConfigureAwait(false);
        foreach (var bmc in _bmcs)
        {
            await bmc.DisposeAsync().ConfigureAwait(false);
        }
    }
}
