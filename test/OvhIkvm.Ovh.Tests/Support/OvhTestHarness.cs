using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Simulators.Ovh;

namespace OvhIkvm.Ovh.Tests.Support;

/// <summary>
/// The production registration of the OVH provider pointed at a simulator on loopback, with millisecond delays so
/// that a whole grant (several task polls, retries, back-off) runs in well under a second.
/// </summary>
internal sealed class OvhTestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsSimulator;

    private OvhTestHarness(OvhApiSimulator simulator, ServiceProvider services, CapturedLogs logs, ShiftableTimeProvider time, OvhOptions options, bool ownsSimulator = true)
    {
        Simulator = simulator;
        _services = services;
        Logs = logs;
        Time = time;
        Options = options;
        _ownsSimulator = ownsSimulator;
    }

    public OvhApiSimulator Simulator { get; }

    public CapturedLogs Logs { get; }

    public ShiftableTimeProvider Time { get; }

    public OvhOptions Options { get; }

    public IConsoleProvider Provider => _services.GetRequiredService<IConsoleProvider>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<OvhTestHarness> StartAsync(
        OvhSimulatorOptions? simulatorOptions = null,
        Func<OvhOptions, OvhOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var simulator = await OvhApiSimulator.StartAsync(simulatorOptions, cancellationToken: cancellationToken);
        var options = FastOptions(simulator);
        options = configure?.Invoke(options) ?? options;
        var logs = new CapturedLogs();
        var time = new ShiftableTimeProvider();
        return new OvhTestHarness(simulator, Build(options, logs, time), logs, time, options);
    }

    /// <summary>
    /// The same registration against the same simulator with nothing shared: what a new process (an MCP client's next
    /// session, a second CLI run) starts with. Disposing it leaves the simulator running.
    /// </summary>
    public OvhTestHarness StartAnotherProcess()
    {
        var logs = new CapturedLogs();
        var time = new ShiftableTimeProvider();
        return new OvhTestHarness(Simulator, Build(Options, logs, time), logs, time, Options, ownsSimulator: false);
    }

    /// <summary>The production registration on <paramref name="time"/> (e.g. a FakeTimeProvider), for tests in simulated time.</summary>
    public static ServiceProvider Build(OvhOptions options, CapturedLogs logs, TimeProvider time) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton(time)
            .AddOvhConsoleProvider(options)
            .BuildServiceProvider(validateScopes: true);

    public static OvhOptions FastOptions(OvhApiSimulator simulator) => new()
    {
        Endpoint = "ovh-eu",
        ApiBaseUrl = simulator.BaseUrl,
        ApplicationKey = simulator.Options.ApplicationKey,
        ApplicationSecret = new Secret(simulator.Options.ApplicationSecret),
        ConsumerKey = new Secret(simulator.Options.ConsumerKey),
        TaskPollInterval = TimeSpan.FromMilliseconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(10),
        GrantTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Every text a secret could leak into: log lines so far.</summary>
    public void AssertNoSecretIn(IEnumerable<string> texts, params string[] extraSecrets)
    {
        var signatures = Simulator.Requests.Select(r => r.Signature).OfType<string>();
        string[] secrets = [Simulator.Options.ApplicationSecret, Simulator.Options.ConsumerKey, .. signatures, .. extraSecrets];
        foreach (var text in texts)
        {
            foreach (var secret in secrets.Where(s => s.Length > 0))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsSimulator)
        {
            await Simulator.DisposeAsync();
        }
    }
}
