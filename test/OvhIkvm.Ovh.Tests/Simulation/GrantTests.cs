using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

public sealed class GrantTests
{
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";
    private const string TaskRead = "GET /dedicated/server/*/task/*";
    private const string Server = "ns3001234.ip-51-68-12.eu";

    [Fact]
    public async Task A_full_grant_follows_the_task_over_several_polls_and_returns_the_viewer_url()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { TaskReadsPerState = 2 }, cancellationToken: ct);
        var progress = new RecordingProgress();
        var before = harness.Time.GetUtcNow();

        var endpoint = await harness.Provider.OpenConsoleAsync(Server, progress, ct);

        var viewer = Assert.IsType<ViewerPageEndpoint>(endpoint);
        Assert.Matches(@"^https://[0-9a-f]{32}\.gra3-1\.ipmi\.ovh\.net/viewer\?token=[0-9a-f]{32}$", viewer.ViewerUrl.Reveal());
        Assert.InRange(viewer.ExpiresAt!.Value, before.AddMinutes(14), before.AddMinutes(16));
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
        Assert.True(harness.Simulator.Count(TaskRead) >= 6, "init, todo and doing each take two reads before done");
        Assert.Equal(2, harness.Simulator.Count("GET /dedicated/server/*/features/ipmi/access"));
        var stages = progress.Reports.Select(p => p.Stage).ToList();
        Assert.Contains(stages, s => s.EndsWith(": todo", StringComparison.Ordinal));
        Assert.Contains(stages, s => s.EndsWith(": doing", StringComparison.Ordinal));
        Assert.Equal(progress.Reports.Select(p => p.Elapsed).Order(), progress.Reports.Select(p => p.Elapsed));
    }

    [Fact]
    public async Task The_expiry_is_converted_from_the_api_clock_to_this_machines_clock()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.ClockOffset = TimeSpan.FromHours(2);
        var before = harness.Time.GetUtcNow();

        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.InRange(endpoint.ExpiresAt!.Value, before.AddMinutes(14), before.AddMinutes(16));
    }

    [Fact]
    public async Task The_access_request_allows_the_ip_ovh_sees_and_asks_for_the_configured_ttl()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { GeolocationIp = "203.0.113.7" },
            o => o.With(ttl: TimeSpan.FromMinutes(5)),
            ct);

        await harness.Provider.OpenConsoleAsync(Server, null, ct);

        var post = Assert.Single(harness.Simulator.Requests, r => r.Method == "POST" && r.Path.EndsWith("/features/ipmi/access", StringComparison.Ordinal));
        Assert.Equal("{\"ipToAllow\":\"203.0.113.7\",\"ttl\":5,\"type\":\"kvmipHtml5URL\"}", post.Body);
        Assert.Equal(1, harness.Simulator.Count("POST /me/geolocation"));
    }

    [Fact]
    public async Task An_ipv6_address_from_ovh_asks_for_a_configured_ipv4_before_any_access_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { GeolocationIp = "2001:db8::7" }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleConfigurationException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Contains("OVH_IKVM_ALLOWED_IP", error.Message, StringComparison.Ordinal);
        Assert.Contains("2001:db8::7", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_configured_allowed_ip_is_used_without_asking_ovh()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(configure: o => o.With(allowedIp: "192.0.2.10"), cancellationToken: ct);

        await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.Contains(harness.Simulator.Requests, r => r.Body.Contains("\"ipToAllow\":\"192.0.2.10\"", StringComparison.Ordinal));
        Assert.Equal(0, harness.Simulator.Count("POST /me/geolocation"));
    }

    [Fact]
    public async Task A_second_screenshot_reuses_the_grant_without_a_new_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var first = await harness.Provider.OpenConsoleAsync(Server, null, ct);
        var requests = harness.Simulator.Requests.Count;
        var second = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.Equal(first, second);
        Assert.Equal(requests, harness.Simulator.Requests.Count);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task Sixteen_concurrent_requests_for_four_servers_make_exactly_four_access_requests()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = Enumerable.Range(1, 4).Select(i => new OvhSimulatedServer($"ns{i}.ip-10-0-0-{i}.eu", $"198.51.100.{i}")).ToArray();
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { Servers = servers, TaskReadsPerState = 3 }, cancellationToken: ct);

        var endpoints = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => harness.Provider.OpenConsoleAsync(servers[i % 4].ServiceName, new RecordingProgress(), ct), ct)));

        Assert.Equal(4, harness.Simulator.Count(AccessPost));
        foreach (var server in servers)
        {
            Assert.Equal(1, harness.Simulator.Count($"POST /dedicated/server/{server.ServiceName}/features/ipmi/access"));
        }

        Assert.Equal(4, endpoints.Cast<ViewerPageEndpoint>().Select(e => e.ViewerUrl.Reveal()).Distinct().Count());
        Assert.Equal(1, harness.Simulator.Count("POST /me/geolocation"));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_grant()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { TaskReadsPerState = 5 }, cancellationToken: ct);
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = new CancelOnFirstTaskStatus(impatient);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Provider.OpenConsoleAsync(Server, progress, impatient.Token));
        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.IsType<ViewerPageEndpoint>(endpoint);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task An_unknown_server_is_reported_with_the_known_ids_and_no_access_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ServerNotFoundException>(() => harness.Provider.OpenConsoleAsync("ns9.unknown.eu", null, ct));

        Assert.Contains(Server, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_server_without_html5_console_is_refused_before_any_access_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync("ks12345.kimsufi.com", null, ct));

        Assert.Contains("no HTML5 console", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_grant_whose_viewer_is_plain_http_to_another_machine_is_refused_without_naming_it()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var viewer = new Uri("http://0123456789abcdef0123456789abcdef.gra3-1.ipmi.invalid/viewer");
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { Servers = [new OvhSimulatedServer(Server, "51.68.12.34") { ViewerBaseUrl = viewer }] },
            cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Equal(
            $"OVH granted console access to {Server}, but the viewer address is plain http:// to another machine, which would send its session token across the network in clear; " +
            "nothing was sent to it: try again, and reset the IPMI interface in the OVH control panel if it persists.",
            error.Message);
        Assert.Equal(2, harness.Simulator.Count("GET /dedicated/server/*/features/ipmi/access"));
        harness.AssertNoSecretIn([error.Message, .. harness.Logs.Lines], viewer.Host);
    }
}
