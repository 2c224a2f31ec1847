using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Simulation;

/// <summary>Every fault the simulator can inject ends in the right outcome: success after retries, or one clear error in time.</summary>
public sealed class FaultTests
{
    private const string Server = "ns3001234.ip-51-68-12.eu";
    private const string AccessPost = "POST /dedicated/server/*/features/ipmi/access";
    private const string TaskRead = "GET /dedicated/server/*/task/*";
    private const string ServerList = "GET /dedicated/server";

    /// <summary>
    /// The slow-answer tests run on real time: the simulator holds its answer 20 s on the wall clock, and what they
    /// prove is that the client's own request timeout gives up on a real socket that keeps it waiting. Their promise
    /// is every attempt's timeout (well under 1 s) plus back-off (at most <see cref="OvhOptions.MaxRetryDelay"/>,
    /// 2 s here), so 10 s leaves scheduling slack for a loaded machine and stays far below the 20 s the peer holds.
    /// </summary>
    private static readonly TimeSpan SlowAnswerBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("customerError", "The IP 1.2.3.4 is not allowed for this datacenter")]
    [InlineData("ovhError", "Internal error while contacting the BMC")]
    [InlineData("cancelled", "Task cancelled by an operator")]
    public async Task A_failed_task_reports_its_status_and_comment(string status, string comment)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = new[] { new OvhSimulatedServer(Server, "198.51.100.1") { FinalTaskStatus = status, FinalTaskComment = comment } };
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { Servers = servers }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Contains(status, error.Message, StringComparison.Ordinal);
        Assert.Contains(comment, error.Message, StringComparison.Ordinal);
        Assert.Contains(Server, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_failed_task_is_not_cached_so_the_next_call_asks_again()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = new[] { new OvhSimulatedServer(Server, "198.51.100.1") { FinalTaskStatus = "ovhError" } };
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { Servers = servers }, cancellationToken: ct);

        await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));
        await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Equal(2, harness.Simulator.Count(AccessPost));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Transient_errors_on_task_reads_are_tolerated(int status)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(configure: o => o.With(retries: 0), cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, TaskRead, Times: 3) { StatusCode = status });

        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.IsType<ViewerPageEndpoint>(endpoint);
        Assert.Equal(3, harness.Simulator.Requests.Count(r => r.Path.Contains("/task/", StringComparison.Ordinal) && r.StatusCode == status));
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_delay()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var retryAfter = TimeSpan.FromSeconds(1);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        simulator.Inject(new OvhFault(OvhFaultKind.Status, ServerList) { StatusCode = 429, RetryAfter = retryAfter });
        var time = new WatchedFakeTime();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddOvhConsoleProvider(OvhTestHarness.FastOptions(simulator))
            .BuildServiceProvider(validateScopes: true);

        // Fake time: the back-off timer must be armed for exactly Retry-After, and the retry goes out only once
        // virtual time reaches it, without the test waiting a real second.
        var listing = services.GetRequiredService<IConsoleProvider>().ListServersAsync(ct);
        await time.WaitForTimerAsync(retryAfter, ct);
        time.Advance(retryAfter - TimeSpan.FromTicks(1));
        Assert.Equal(1, simulator.Count(ServerList));
        time.Advance(TimeSpan.FromTicks(1));
        var servers = await listing.WaitAsync(ct);

        Assert.NotEmpty(servers);
        Assert.Equal(2, simulator.Count(ServerList));
    }

    [Fact]
    public async Task A_429_on_the_access_request_is_retried_because_ovh_did_not_act_on_it()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, AccessPost) { StatusCode = 429, RetryAfter = TimeSpan.Zero });

        await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.Equal(2, harness.Simulator.Count(AccessPost));
    }

    [Theory]
    [InlineData(OvhFaultKind.Status, 503)]
    [InlineData(OvhFaultKind.Status, 500)]
    [InlineData(OvhFaultKind.Html, 502)]
    public async Task A_burst_of_server_errors_is_retried(OvhFaultKind kind, int status)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(kind, ServerList, Times: 3) { StatusCode = status });

        var servers = await harness.Provider.ListServersAsync(ct);

        Assert.NotEmpty(servers);
        Assert.Equal(4, harness.Simulator.Count(ServerList));
    }

    [Fact]
    public async Task Server_errors_beyond_the_retry_budget_end_in_one_clear_error()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(configure: o => o.With(retries: 2), cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Html, ServerList, Times: 100) { StatusCode = 503 });

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.ListServersAsync(ct));

        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Contains("try again", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.Simulator.Count(ServerList));
    }

    [Fact]
    public async Task A_server_error_on_the_access_request_is_not_repeated_blindly()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, AccessPost) { StatusCode = 500 });

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_slow_answer_hits_the_per_request_timeout_and_is_retried()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            configure: o => o.With(requestTimeout: TimeSpan.FromMilliseconds(300)),
            cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Slow, ServerList) { Delay = TimeSpan.FromSeconds(20) });
        var clock = Stopwatch.StartNew();

        var servers = await harness.Provider.ListServersAsync(ct);

        Assert.NotEmpty(servers);
        Assert.True(clock.Elapsed < SlowAnswerBound, $"took {clock.Elapsed}");
        Assert.Equal(2, harness.Simulator.Count(ServerList));
    }

    [Fact]
    public async Task Answers_that_stay_slow_end_in_a_timeout_error_within_the_budget()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            configure: o => o.With(requestTimeout: TimeSpan.FromMilliseconds(200), retries: 1),
            cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Slow, ServerList, Times: 10) { Delay = TimeSpan.FromSeconds(20) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.ListServersAsync(ct));

        Assert.Equal(OvhIkvm.Ovh.Api.OvhFailure.Timeout, error.Failure);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < SlowAnswerBound, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_is_never_followed(int status)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Status, ServerList) { StatusCode = status });

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.ListServersAsync(ct));

        Assert.Equal(OvhIkvm.Ovh.Api.OvhFailure.Redirected, error.Failure);
        Assert.Equal(0, harness.Simulator.Count("GET /me/geolocation"));
        Assert.Equal(1, harness.Simulator.Count(ServerList));
    }

    [Fact]
    public async Task A_grant_that_takes_too_long_ends_with_the_task_state_in_the_error()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { TaskReadsPerState = 1_000_000 },
            o => o.With(grantTimeout: TimeSpan.FromMilliseconds(500)),
            ct);

        var error = await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Contains("within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("still init", error.Message, StringComparison.Ordinal);
        Assert.Contains("OVH_IKVM_GRANT_TIMEOUT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_left_running_by_a_timed_out_grant_is_resumed_instead_of_requested_again()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(configure: o => o.With(grantTimeout: TimeSpan.FromMilliseconds(500)), cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.Slow, TaskRead) { Delay = TimeSpan.FromSeconds(20) });

        await Assert.ThrowsAsync<ConsoleException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));
        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.IsType<ViewerPageEndpoint>(endpoint);
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Resuming OVH task", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_access_that_ovh_returns_already_expired_is_renewed()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        // Twice: the first read asks whether OVH holds an access already (it holds none), the second reads the new one.
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.ExpiredAccess, "GET /dedicated/server/*/features/ipmi/access", Times: 2));
        var before = harness.Time.GetUtcNow();

        var endpoint = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        Assert.True(endpoint.ExpiresAt > before.AddMinutes(10));
        Assert.Equal(2, harness.Simulator.Count(AccessPost));
    }

    [Fact]
    public async Task A_grant_close_to_expiry_on_this_clock_only_is_checked_with_ovh_after_resynchronising_the_clock()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        var first = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        // Fourteen and a half minutes later, on this machine's clock only: the grant is inside its renewal margin,
        // and every timestamp this client signs is now far off the API's clock.
        harness.Time.Advance(TimeSpan.FromMinutes(14.5));
        var second = await harness.Provider.OpenConsoleAsync(Server, null, ct);

        // On OVH's clock only seconds have passed: the access it holds is still good for a quarter of an hour, and is reused.
        Assert.Equal(first.ExpiresAt!.Value + TimeSpan.FromMinutes(14.5), second.ExpiresAt!.Value, TimeSpan.FromSeconds(5));
        Assert.Equal(1, harness.Simulator.Count(AccessPost));
        Assert.Equal(2, harness.Simulator.Count("GET /auth/time"));
        Assert.Contains(harness.Simulator.Requests, r => r.StatusCode == 400);
    }

    [Fact]
    public async Task A_stale_timestamp_is_answered_like_ovh_and_fixed_by_one_clock_resynchronisation()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        await harness.Provider.ListServersAsync(ct);

        harness.Simulator.ClockOffset = TimeSpan.FromHours(1);
        harness.Time.Advance(harness.Options.InventoryCacheDuration + TimeSpan.FromSeconds(1));
        var servers = await harness.Provider.ListServersAsync(ct);

        Assert.NotEmpty(servers);
        Assert.Equal(2, harness.Simulator.Count("GET /auth/time"));
        Assert.Equal(1, harness.Simulator.Requests.Count(r => r.StatusCode == 400));
    }

    [Fact]
    public async Task A_rejected_signature_triggers_one_resynchronisation_and_a_fresh_signature()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(cancellationToken: ct);
        harness.Simulator.Inject(new OvhFault(OvhFaultKind.InvalidSignature, ServerList));

        var servers = await harness.Provider.ListServersAsync(ct);

        Assert.NotEmpty(servers);
        Assert.Equal(2, harness.Simulator.Count("GET /auth/time"));
        Assert.Equal(2, harness.Simulator.Count(ServerList));
    }

    [Fact]
    public async Task A_wrong_application_secret_ends_in_advice_about_the_secret()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            configure: o => o.With(applicationSecret: "wrong-secret-value-0000000000000"),
            cancellationToken: ct);

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.ListServersAsync(ct));

        Assert.Contains("OVH_APPLICATION_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Simulator.Count(ServerList));
        harness.AssertNoSecretIn([error.Message, .. harness.Logs.Lines], "wrong-secret-value-0000000000000");
    }

    [Fact]
    public async Task A_missing_access_rule_names_the_rule_to_add()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var rules = new[] { "GET /dedicated/server", "GET /dedicated/server/*", "POST /me/geolocation" };
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { AccessRules = rules }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.OpenConsoleAsync(Server, null, ct));

        Assert.Contains("POST /dedicated/server/*/features/ipmi/access", error.Message, StringComparison.Ordinal);
        Assert.Contains("OVH_CONSUMER_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unvalidated_consumer_key_asks_for_a_new_one()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            configure: o => o.With(consumerKey: "pendingValidationConsumerKey0001"),
            cancellationToken: ct);

        var error = await Assert.ThrowsAsync<OvhIkvm.Ovh.Api.OvhApiException>(() => harness.Provider.ListServersAsync(ct));

        Assert.Contains("generate a new consumer key", error.Message, StringComparison.Ordinal);
        harness.AssertNoSecretIn([error.Message, .. harness.Logs.Lines], "pendingValidationConsumerKey0001");
    }
}
