using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

/// <summary>
/// OVH's fair use (about 60 calls a minute per consumer key), measured in simulated time: the client and the simulated
/// API share one FakeTimeProvider, the calls are real HTTP on loopback, and the simulator counts them.
/// </summary>
public sealed class FairUseTests
{
    private const int AccountSize = 50;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Listing_every_5_s_for_10_minutes_on_a_50_server_account_stays_far_below_60_calls_a_minute()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        var servers = Enumerable.Range(1, AccountSize).Select(Server).ToList();
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { Servers = servers, TimeProvider = time }, cancellationToken: ct);
        await using var services = OvhTestHarness.Build(OvhTestHarness.FastOptions(simulator), new CapturedLogs(), time);
        var provider = services.GetRequiredService<IConsoleProvider>();

        var sizes = new List<int>();
        for (var tick = 0; tick < 120; tick++)
        {
            if (tick == 60)
            {
                // A server delivered half-way through is listed at the next refresh, and only it is described.
                servers.Add(Server(AccountSize + 1));
            }

            sizes.Add((await provider.ListServersAsync(ct)).Count);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        var calls = simulator.Requests.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"{calls} OVH calls in 10 simulated minutes ({calls / 10.0:0.#} a minute) for 120 listings of {AccountSize} servers");
        Assert.True(calls <= 130, $"{calls} calls in 10 minutes");
        Assert.Equal(10, simulator.Count("GET /dedicated/server"));
        Assert.Equal(AccountSize + 1, simulator.Count("GET /dedicated/server/*/features/ipmi"));
        Assert.Equal(AccountSize, sizes[0]);
        Assert.Equal(AccountSize + 1, sizes[^1]);
    }

    [Fact]
    public async Task A_429_with_retry_after_holds_back_every_caller_of_the_process_not_just_the_one_it_answered()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var time = new WatchedFakeTime();
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { TimeProvider = time }, cancellationToken: ct);
        await using var services = OvhTestHarness.Build(OvhTestHarness.FastOptions(simulator), new CapturedLogs(), time);
        var api = services.GetRequiredService<OvhApiClient>();
        await api.GetAsync(OvhRoute.Servers, OvhJsonContext.Default.StringArray, ct);
        simulator.Inject(new OvhFault(OvhFaultKind.Status, "GET /dedicated/server") { StatusCode = 429, RetryAfter = RetryAfter });

        var limited = api.GetAsync(OvhRoute.Servers, OvhJsonContext.Default.StringArray, ct);
        var rateLimitedAt = await ArrivalOfAsync(simulator, r => r.StatusCode == 429, ct);

        // The simulator records the 429 before the client has read it: the other caller starts only once the client
        // has taken the answer in, which the retry's Retry-After timer shows (the hold-off is set just before it).
        await time.WaitForTimerAsync(RetryAfter, ct);
        var other = api.GetAsync(OvhRoute.CurrentCredential, OvhJsonContext.Default.ApiCredential, ct);
        while (!(limited.IsCompleted && other.IsCompleted))
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(Task.WhenAll(limited, other), Task.Delay(10, ct));
        }

        await Task.WhenAll(limited, other);
        var credential = Assert.Single(simulator.Requests, r => r.Path == "/auth/currentCredential");
        Assert.True(credential.ReceivedAt >= rateLimitedAt + RetryAfter, $"the other caller went out {credential.ReceivedAt - rateLimitedAt} after the 429");
    }

    private static OvhSimulatedServer Server(int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ns{index:D5}.ip-198-51-100.eu"), string.Create(CultureInfo.InvariantCulture, $"198.51.100.{index}"));

    /// <summary>When the first request matching <paramref name="match"/> arrived (simulated time), waiting for it in real time.</summary>
    private static async Task<DateTimeOffset> ArrivalOfAsync(OvhApiSimulator simulator, Func<OvhRecordedRequest, bool> match, CancellationToken ct)
    {
        while (true)
        {
            if (simulator.Requests.FirstOrDefault(match) is { } request)
            {
                return request.ReceivedAt;
            }

            await Task.Delay(5, ct);
        }
    }
}
