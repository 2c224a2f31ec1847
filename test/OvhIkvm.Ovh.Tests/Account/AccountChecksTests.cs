using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Account;

/// <summary><see cref="IOvhAccountChecks"/> through the production registration, against the simulator on loopback.</summary>
public sealed class AccountChecksTests
{
    private static readonly string[] MinimalRules = [.. OvhRequiredAccessRules.All.Select(r => r.Rule.ToString())];

    [Fact]
    public async Task A_complete_setup_passes_every_check()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { AccessRules = MinimalRules, GeolocationIp = "203.0.113.9" }, cancellationToken: ct);
        var progress = new RecordingProgress();

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(progress, ct);

        Assert.Null(diagnosis.ConfigurationProblem);
        Assert.Null(diagnosis.ApiProblem);
        Assert.Equal(harness.Simulator.BaseUrl, diagnosis.Api);
        Assert.InRange(diagnosis.ClockOffset!.Value.TotalSeconds, -2, 2);
        Assert.Equal("validated", diagnosis.Credential!.Status);
        Assert.True(diagnosis.Credential.IsUsable);
        // The reboot rule is reported too, and absent from a minimal key: only the hands tier needs it.
        Assert.Equal(OvhRequiredAccessRules.All.Count + 1, diagnosis.Rules.Count);
        Assert.All(ConsoleRules(diagnosis), r => Assert.True(r.Granted, r.Required.Rule.ToString()));
        Assert.False(Assert.Single(diagnosis.Rules, r => r.Required == OvhRequiredAccessRules.Reboot).Granted);
        Assert.Equal(harness.Simulator.Options.Servers.Select(s => (s.ServiceName, (bool?)s.Html5Console)).Order(),
            diagnosis.Servers.Select(s => (s.Id, s.Html5Console)).Order());
        Assert.Equal(new OvhAllowedIpDiagnosis("203.0.113.9", Configured: false, IsIpv4: true, null), diagnosis.AllowedIp);
        Assert.NotEmpty(progress.Reports);
        Assert.Equal(0, harness.Simulator.Count("POST /dedicated/server/*/features/ipmi/access"));
        harness.AssertNoSecretIn(harness.Logs.Lines);
    }

    [Fact]
    public async Task A_missing_rule_is_named_and_the_clock_offset_measured()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        string[] rules = [.. MinimalRules.Where(r => r != "POST /dedicated/server/*/features/ipmi/access")];
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { AccessRules = rules }, cancellationToken: ct);
        harness.Simulator.ClockOffset = TimeSpan.FromMinutes(10);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        var missing = Assert.Single(ConsoleRules(diagnosis), r => !r.Granted);
        Assert.Equal(new OvhAccessRule("POST", "/dedicated/server/*/features/ipmi/access"), missing.Required.Rule);
        Assert.InRange(diagnosis.ClockOffset!.Value.TotalSeconds, 598, 602);
        Assert.True(diagnosis.Credential!.IsUsable);
    }

    [Fact]
    public async Task A_rule_scoped_to_some_servers_is_reported_for_those()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        const string Scoped = "ns3001234.ip-51-68-12.eu";
        string[] rules = [.. MinimalRules.Where(r => r != "POST /dedicated/server/*/features/ipmi/access"), $"POST /dedicated/server/{Scoped}/features/ipmi/access"];
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { AccessRules = rules }, cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        var scoped = Assert.Single(ConsoleRules(diagnosis), r => !r.Granted);
        Assert.Equal(new OvhAccessRule("POST", "/dedicated/server/*/features/ipmi/access"), scoped.Required.Rule);
        Assert.Equal([Scoped], scoped.GrantedForServers);
        Assert.All(diagnosis.Rules.Where(r => r.Granted), r => Assert.Empty(r.GrantedForServers));
    }

    [Fact]
    public async Task A_broad_rule_covers_every_call_and_a_configured_ip_needs_no_geolocation()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(
            new OvhSimulatorOptions { AccessRules = ["GET /dedicated/server", "GET /dedicated/server/*", "POST /dedicated/server/*/features/ipmi/access"] },
            options => options.With(allowedIp: "198.51.100.20"),
            ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.All(ConsoleRules(diagnosis), r => Assert.True(r.Granted, r.Required.Rule.ToString()));
        Assert.DoesNotContain(diagnosis.Rules, r => r.Required.OnlyWithoutAllowedIp);
        Assert.Equal(new OvhAllowedIpDiagnosis("198.51.100.20", Configured: true, IsIpv4: true, null), diagnosis.AllowedIp);
        Assert.Equal(0, harness.Simulator.Count("POST /me/geolocation"));
    }

    [Theory]
    [InlineData("pendingValidation", "waiting for approval")]
    [InlineData("expired", "has expired")]
    [InlineData("refused", "was refused")]
    public async Task An_unvalidated_credential_stops_before_the_servers(string state, string expected)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { CredentialState = state }, cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Equal(state, diagnosis.Credential!.Status);
        Assert.Contains(expected, diagnosis.Credential.Problem, StringComparison.Ordinal);
        Assert.Empty(diagnosis.Servers);
        Assert.Null(diagnosis.AllowedIp);
        Assert.Equal(0, harness.Simulator.Count("GET /dedicated/server"));
    }

    [Fact]
    public async Task A_validated_credential_past_its_expiry_is_reported_in_this_machines_clock()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var expiration = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { CredentialExpiration = expiration }, cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Equal("expired", diagnosis.Credential!.Status);
        Assert.False(diagnosis.Credential.IsUsable);
        Assert.InRange((diagnosis.Credential.ExpiresAt!.Value - expiration).Duration().TotalSeconds, 0, 2);
    }

    [Fact]
    public async Task A_wrong_application_secret_is_reported_in_one_sentence_without_secrets()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        const string WrongSecret = "wrongApplicationSecret0000000001";
        await using var harness = await OvhTestHarness.StartAsync(
            configure: options => options.With(applicationSecret: WrongSecret), cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Null(diagnosis.Credential!.Status);
        Assert.Contains("OVH_APPLICATION_SECRET", diagnosis.Credential.Problem, StringComparison.Ordinal);
        Assert.Empty(diagnosis.Rules);
        harness.AssertNoSecretIn([.. harness.Logs.Lines, diagnosis.ToString()], WrongSecret);
    }

    [Fact]
    public async Task An_unknown_consumer_key_and_an_unreachable_api_are_reported()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var unknownKey = await OvhTestHarness.StartAsync(
            configure: options => options.With(consumerKey: "unknownConsumerKey00000000000001"), cancellationToken: ct);

        var rejected = await unknownKey.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Contains("OVH_CONSUMER_KEY", rejected.Credential!.Problem, StringComparison.Ordinal);

        await using var unreachable = await OvhTestHarness.StartAsync(
            configure: options => options.With(apiBaseUrl: new Uri("http://127.0.0.1:1/1.0"), retries: 0), cancellationToken: ct);

        var offline = await unreachable.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Contains("Could not reach the OVH API", offline.ApiProblem, StringComparison.Ordinal);
        Assert.Null(offline.Credential);
    }

    [Fact]
    public async Task A_configuration_problem_is_reported_before_any_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(configure: options => options.With(allowedIp: "2001:db8::1"), cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Contains("not an IPv4 address", diagnosis.ConfigurationProblem, StringComparison.Ordinal);
        Assert.Empty(harness.Simulator.Requests);
    }

    [Fact]
    public async Task An_ipv6_geolocation_answer_is_flagged()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var harness = await OvhTestHarness.StartAsync(new OvhSimulatorOptions { GeolocationIp = "2001:db8::7" }, cancellationToken: ct);

        var diagnosis = await harness.Get<IOvhAccountChecks>().DiagnoseAsync(null, ct);

        Assert.Equal(new OvhAllowedIpDiagnosis("2001:db8::7", Configured: false, IsIpv4: false, null), diagnosis.AllowedIp);
    }

    /// <summary>The rules the console needs, without the reboot rule of the hands tier.</summary>
    private static IEnumerable<OvhRuleDiagnosis> ConsoleRules(OvhDiagnosis diagnosis) =>
        diagnosis.Rules.Where(r => r.Required != OvhRequiredAccessRules.Reboot);
}
