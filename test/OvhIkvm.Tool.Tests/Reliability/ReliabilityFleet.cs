using System.Globalization;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// An OVH account on loopback: the OVH API simulator, one simulated AMI BMC behind each of its servers (the viewer
/// URLs OVH grants lead to them), and one more BMC reached directly by address, user and password through a targets
/// file. Every secret the fleet hands out is distinctive, so a scan for it cannot miss.
/// </summary>
internal sealed class ReliabilityFleet : IAsyncDisposable
{
    /// <summary>The id of the directly reached BMC in the targets file.</summary>
    public const string DirectTargetId = "lab-bmc";

    /// <summary>The same BMC in the targets file with a wrong password: its logins are refused.</summary>
    public const string WrongPasswordTargetId = "lab-bmc-wrong-password";

    /// <summary>An OVH server whose BMC refuses the viewer links OVH grants, so no web session (cookie) is ever valid.</summary>
    public const string RejectedViewerServerId = "ns4099999.ip-203-0-113.eu";

    /// <summary>A wrong password is still a password someone typed: it must not be echoed either.</summary>
    private const string WrongPassword = "not-the-password-5d2e8b14";

    private const string DirectPasswordVariable = "RELIABILITY_LAB_BMC_PASSWORD";

    private readonly Dictionary<string, BmcSimulator> _bmcs;
    private readonly TempFile _targetsFile;

    private ReliabilityFleet(OvhApiSimulator ovh, Dictionary<string, BmcSimulator> bmcs, BmcSimulator directBmc, TempFile targetsFile)
    {
        Ovh = ovh;
        _bmcs = bmcs;
        DirectBmc = directBmc;
        _targetsFile = targetsFile;
    }

    public OvhApiSimulator Ovh { get; }

    /// <summary>Called when OVH's reboot task of a server is done: a test makes its console show the machine starting again.</summary>
    public Action<string>? Rebooted { get; set; }

    /// <summary>OVH service names in fleet order.</summary>
    public IReadOnlyList<string> ServerIds => [.. _bmcs.Keys];

    public BmcSimulator DirectBmc { get; }

    /// <summary>What every console shows: the screen a server's BMC is built with.</summary>
    public static DemoScreenKind Screen => DemoScreenKind.LoginPrompt;

    /// <summary>Values that must never reach a tool result or a log line. Viewer URLs are added by the probe as they are minted.</summary>
    public IReadOnlyList<string> FixedSecrets =>
    [
        Ovh.Options.ApplicationSecret,
        Ovh.Options.ConsumerKey,
        DirectBmc.Options.Password,
        WrongPassword,
    ];

    public BmcSimulator BmcOf(string serverId) => _bmcs[serverId];

    public static string ServerId(int index) => string.Create(CultureInfo.InvariantCulture, $"ns40{index:D5}.ip-203-0-113.eu");

    /// <summary>Starts <paramref name="serverCount"/> OVH servers; <paramref name="customize"/> can change how one's access tasks end.</summary>
    public static async Task<ReliabilityFleet> StartAsync(
        int serverCount,
        CancellationToken cancellationToken,
        Func<OvhSimulatedServer, OvhSimulatedServer>? customize = null)
    {
        var bmcs = new Dictionary<string, BmcSimulator>(StringComparer.Ordinal);
        ReliabilityFleet? fleet = null;
        var servers = new List<OvhSimulatedServer>();
        BmcSimulator? directBmc = null;
        try
        {
            // Started first: its viewer page (which accepts only tokens it issued itself) is where the rejected server's links lead.
            directBmc = await StartBmcAsync(new BmcSimulatorOptions { Password = "lab-bmc-password-7f3a9c21" }, DirectTargetId, cancellationToken);
            servers.Add(new OvhSimulatedServer(RejectedViewerServerId, "203.0.113.99") { ViewerBaseUrl = directBmc.ViewerPageUrl });
            for (var i = 1; i <= serverCount; i++)
            {
                var id = ServerId(i);
                var bmc = await StartBmcAsync(new BmcSimulatorOptions { AcceptForeignViewerTokens = true, MessageSize = 4096, FragmentSize = 2048 }, id, cancellationToken);
                bmcs.Add(id, bmc);
                var server = new OvhSimulatedServer(id, string.Create(CultureInfo.InvariantCulture, $"203.0.113.{i}"), "gra3") { ViewerBaseUrl = bmc.ViewerPageUrl };
                servers.Add(customize?.Invoke(server) ?? server);
            }

            var ovh = await OvhApiSimulator.StartAsync(
                new OvhSimulatorOptions
                {
                    ApplicationSecret = "reliabilityApplicationSecret0042",
                    ConsumerKey = "reliabilityConsumerKey0000000042",
                    Servers = servers,
                    GeolocationIp = "203.0.113.250",
                    Rebooted = serviceName => fleet?.Rebooted?.Invoke(serviceName),
                },
                cancellationToken: cancellationToken);
            var targets = new TempFile(
                "targets.json",
                $$"""
                {"targets":[{"id":"{{DirectTargetId}}","type":"ami","url":"{{directBmc.BaseUrl.AbsoluteUri}}","username":"{{directBmc.Options.Username}}","passwordEnv":"{{DirectPasswordVariable}}","allowInsecureHttp":true},
                    {"id":"{{WrongPasswordTargetId}}","type":"ami","url":"{{directBmc.BaseUrl.AbsoluteUri}}","username":"{{directBmc.Options.Username}}","password":"{{WrongPassword}}","allowInsecureHttp":true}]}
                """);
            return fleet = new ReliabilityFleet(ovh, bmcs, directBmc, targets);
        }
        catch
        {
            foreach (var bmc in bmcs.Values.Append(directBmc).OfType<BmcSimulator>())
            {
                await bmc.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// The tool's configuration for a user of this account: the OVH side through the demo-account seam (so the
    /// timeouts can be short), the direct BMC through the targets file and a password held in the environment.
    /// </summary>
    /// <param name="flags">More settings, as command-line flags would give them (e.g. the hands tier).</param>
    public ToolConfiguration Configuration(IReadOnlyDictionary<ToolSetting, string?>? flags = null) =>
        ToolConfiguration.Resolve(
                new Dictionary<ToolSetting, string?>(flags ?? new Dictionary<ToolSetting, string?>()) { [ToolSettings.Targets] = _targetsFile.Path },
                new Dictionary<string, string?> { [DirectPasswordVariable] = DirectBmc.Options.Password })
            .WithDemoAccount(new OvhOptions
            {
                Endpoint = "ovh-eu",
                ApiBaseUrl = Ovh.BaseUrl,
                ApplicationKey = Ovh.Options.ApplicationKey,
                ApplicationSecret = new Secret(Ovh.Options.ApplicationSecret),
                ConsumerKey = new Secret(Ovh.Options.ConsumerKey),
                TaskPollInterval = ReliabilityTimeouts.TaskPollInterval,
                RequestTimeout = ReliabilityTimeouts.OvhRequest,
                GrantTimeout = ReliabilityTimeouts.Grant,
                MaxRetryAttempts = ReliabilityTimeouts.OvhRetryAttempts,
                RetryBaseDelay = ReliabilityTimeouts.OvhRetryBaseDelay,
                MaxRetryDelay = ReliabilityTimeouts.OvhMaxRetryDelay,
            });

    public async ValueTask DisposeAsync()
    {
        await Ovh.DisposeAsync();
        foreach (var bmc in _bmcs.Values.Append(DirectBmc))
        {
            await bmc.DisposeAsync();
        }

        _targetsFile.Dispose();
    }

    private static Task<BmcSimulator> StartBmcAsync(BmcSimulatorOptions options, string serverId, CancellationToken cancellationToken) =>
        BmcSimulator.StartAsync(options, new DemoScreenSource(Screen, HostName(serverId)), cancellationToken);

    public static string HostName(string serverId) => serverId.Split('.')[0];
}
