using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

/// <summary>No key, consumer key, signature or viewer URL reaches a log line or an error, on success or on failure.</summary>
public sealed class SecretHygieneTests
{
    private const string Server = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_grant_with_retries_and_resynchronisation_logs_no_secret()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.InvalidSignature, "GET /dedicated/server"));
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Html, "GET /dedicated/server/*/features/ipmi", Times: 2) { StatusCode = 502 });
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, "GET /dedicated/server/*/task/*", Times: 2) { StatusCode = 404 });
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.ExpiredAccess, "GET /dedicated/server/*/features/ipmi/access"));

        var endpoint = (ViewerPageEndpoint)await harness.Provider.OpenConsoleAsync(Server, null, ct);
        var url = endpoint.ViewerUrl.Reveal();
        var token = new Uri(url).Query.Split('=')[1];

        Assert.NotEmpty(harness.Logs.Lines);
        Assert.Contains(harness.Logs.Lines, l => l.Contains(Server, StringComparison.Ordinal));
        harness.AssertNoSecretIn([.. harness.Logs.Lines, endpoint.ToString()], url, token);
    }

    [Fact]
    public async Task Failures_log_and_report_no_secret()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = new[] { new OvhSimulatedServer(Server, "198.51.100.1") { FinalTaskStatus = "customerError", FinalTaskComment = "refused" } };
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { Servers = servers }, cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, "GET /dedicated/server", Times: 100) { StatusCode = 503 });

        var listing = await Assert.ThrowsAnyAsync<ConsoleException>(() => harness.Provider.ListServersAsync(ct));
        var grant = await Assert.ThrowsAnyAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        harness.AssertNoSecretIn([.. harness.Logs.Lines, listing.ToString(), grant.ToString()]);
    }

    [Fact]
    public async Task Options_and_endpoints_print_redacted()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        harness.AssertNoSecretIn([harness.Options.ToString(), endpoint.ToString()], ((ViewerPageEndpoint)endpoint).ViewerUrl.Reveal());
    }
}
