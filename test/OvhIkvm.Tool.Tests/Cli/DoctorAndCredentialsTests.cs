using System.CommandLine;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary><c>doctor</c> and <c>credentials</c> through the real command line, against the OVH API simulator on loopback.</summary>
public sealed class DoctorAndCredentialsTests
{
    private const string NoHtml5Server = "ks12345.kimsufi.com";

    private static readonly string[] MinimalRules = [.. OvhRequiredAccessRules.All.Select(r => r.Rule.ToString())];

    [Fact]
    public async Task Doctor_passes_with_the_minimal_rules_and_warns_about_a_server_without_html5_kvm()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { AccessRules = MinimalRules, GeolocationIp = "203.0.113.9" }, cancellationToken: ct);

        var run = await RunAsync(["doctor"], Environment(simulator), ct);

        Assert.Equal(0, run.ExitCode);
        var lines = run.OutputLines;
        Assert.StartsWith("OK   configuration:", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"OK   OVH API: {simulator.BaseUrl} answered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OK   consumer key: validated, never expires", StringComparison.Ordinal));
        Assert.All(OvhRequiredAccessRules.All, r => Assert.Contains(lines, l => l.StartsWith($"OK   access rule {r.Rule}: granted", StringComparison.Ordinal)));
        Assert.All(simulator.Options.Servers.Where(s => s.Html5Console), s =>
            Assert.Contains(lines, l => l.StartsWith($"OK   server {s.ServiceName}", StringComparison.Ordinal) && l.EndsWith("HTML5 KVM available", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"WARN server {NoHtml5Server}", StringComparison.Ordinal) && l.Contains("no HTML5 KVM", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OK   allowed IP: consoles will be opened for 203.0.113.9", StringComparison.Ordinal) && l.EndsWith("IPv4", StringComparison.Ordinal));
        Assert.Equal("All checks passed, with 1 warning.", lines[^1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.NotEmpty(run.Error);
        AssertNoSecret(simulator, run.Output + run.Error);
        Assert.Equal(0, simulator.Count("POST /dedicated/server/*/features/ipmi/access"));
    }

    [Fact]
    public async Task Doctor_names_the_missing_access_rule_and_fails()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        string[] rules = [.. MinimalRules.Where(r => r != "POST /dedicated/server/*/features/ipmi/access")];
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { AccessRules = rules }, cancellationToken: ct);

        var run = await RunAsync(["doctor"], Environment(simulator), ct);

        Assert.Equal(1, run.ExitCode);
        var failure = Assert.Single(run.OutputLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("FAIL access rule POST /dedicated/server/*/features/ipmi/access: missing, needed to request console access", failure, StringComparison.Ordinal);
        Assert.StartsWith("1 check failed", run.OutputLines[^1], StringComparison.Ordinal);
        AssertNoSecret(simulator, run.Output + run.Error);
    }

    [Fact]
    public async Task Doctor_warns_about_a_rule_granted_server_by_server()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        var servers = OvhSimulatorOptions.DefaultServers.Where(s => s.Html5Console).ToList();
        string[] rules =
        [
            .. MinimalRules.Where(r => r != "POST /dedicated/server/*/features/ipmi/access"),
            .. servers.Select(s => $"POST /dedicated/server/{s.ServiceName}/features/ipmi/access"),
        ];
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { AccessRules = rules, Servers = servers }, cancellationToken: ct);

        var run = await RunAsync(["doctor"], Environment(simulator), ct);

        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(run.OutputLines, l => l.StartsWith("WARN", StringComparison.Ordinal));
        Assert.StartsWith("WARN access rule POST /dedicated/server/*/features/ipmi/access: granted only server by server", warning, StringComparison.Ordinal);
        Assert.All(servers, s => Assert.Contains(s.ServiceName, warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pendingValidation", "waiting for approval")]
    [InlineData("expired", "has expired")]
    public async Task Doctor_fails_on_a_consumer_key_that_is_not_validated(string state, string expected)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { CredentialState = state }, cancellationToken: ct);

        var run = await RunAsync(["doctor"], Environment(simulator), ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("FAIL consumer key:", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(run.OutputLines, l => l.StartsWith("OK   server", StringComparison.Ordinal));
        AssertNoSecret(simulator, run.Output + run.Error);
    }

    [Fact]
    public async Task Doctor_warns_about_a_consumer_key_that_expires_soon()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(
            new OvhSimulatorOptions { CredentialExpiration = DateTimeOffset.UtcNow.AddDays(2).AddHours(1) }, cancellationToken: ct);

        var run = await RunAsync(["doctor"], Environment(simulator), ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("WARN consumer key: validated, expires", StringComparison.Ordinal) && l.Contains("(in 2 days)", StringComparison.Ordinal));
        AssertNoSecret(simulator, run.Output + run.Error);
    }

    [Fact]
    public async Task Doctor_reports_a_wrong_application_secret_in_one_sentence_without_leaking_it()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        const string WrongSecret = "wrongApplicationSecret0000000001";
        var environment = Environment(simulator);
        environment[ToolSettings.ApplicationSecret.EnvironmentVariable] = WrongSecret;

        var run = await RunAsync(["doctor"], environment, ct);

        Assert.Equal(1, run.ExitCode);
        var failure = Assert.Single(run.OutputLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("FAIL consumer key: OVH rejected the request signature; check that OVH_APPLICATION_SECRET", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, run.Output + run.Error, StringComparison.Ordinal);
        AssertNoSecret(simulator, run.Output + run.Error);
    }

    [Fact]
    public async Task Doctor_without_configuration_names_the_variables_to_set()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);

        var run = await RunAsync(["doctor"], [], ct);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("FAIL configuration: OVH credentials are not configured: set OVH_APPLICATION_KEY", run.OutputLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_fails_on_an_ipv6_allowed_ip_before_any_request()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);

        var run = await RunAsync(["doctor", "--allowed-ip", "2001:db8::1"], Environment(simulator), ct);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("FAIL configuration: The allowed IP '2001:db8::1' is not an IPv4 address", run.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(2, run.OutputLines.Length);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task Doctor_with_only_direct_targets_passes_without_ovh()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        using var targets = new TempFile("targets.json", """{"targets":[{"id":"lab","type":"vnc","url":"ws://127.0.0.1:5700"}]}""");

        var run = await RunAsync(["doctor", "--targets", targets.Path], [], ct);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("OK   configuration: no OVH credentials set", run.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal("All checks passed.", run.OutputLines[^1]);
    }

    [Fact]
    public async Task Credentials_prints_the_validation_url_the_api_issued_and_the_new_key_then_doctor_accepts_it()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var environment = new Dictionary<string, string?>
        {
            [ToolSettings.ApiUrl.EnvironmentVariable] = simulator.BaseUrl.AbsoluteUri,
            [ToolSettings.ApplicationKey.EnvironmentVariable] = simulator.Options.ApplicationKey,
        };

        var run = await RunAsync(["credentials", "--redirect", "https://example.com/done"], environment, ct);

        Assert.Equal(0, run.ExitCode);
        var issued = Assert.Single(simulator.IssuedCredentials);
        Assert.Contains($"     {issued.ValidationUrl.AbsoluteUri}", run.OutputLines);
        Assert.Contains($"     OVH_CONSUMER_KEY={issued.ConsumerKey}", run.OutputLines);
        Assert.Contains(run.OutputLines, l => l.Contains("OVH_APPLICATION_SECRET", StringComparison.Ordinal));
        Assert.Equal(MinimalRules, issued.AccessRules);
        Assert.Equal("https://example.com/done", issued.Redirection);
        Assert.DoesNotContain(issued.ConsumerKey, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.ValidationUrl.Query, run.Error, StringComparison.Ordinal);

        // The owner approves the key; the doctor then passes with it.
        Assert.True(simulator.SetCredentialState(issued.ConsumerKey, "validated"));
        var doctorEnvironment = Environment(simulator);
        doctorEnvironment[ToolSettings.ConsumerKey.EnvironmentVariable] = issued.ConsumerKey;
        var doctor = await RunAsync(["doctor"], doctorEnvironment, ct);
        Assert.Equal(0, doctor.ExitCode);
        Assert.DoesNotContain(issued.ConsumerKey, doctor.Output + doctor.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_with_allow_power_adds_the_reboot_rule_and_says_what_it_allows()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);

        var run = await RunAsync(["credentials", "--allow-power"], Environment(simulator), ct);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([.. MinimalRules, "POST /dedicated/server/*/reboot"], Assert.Single(simulator.IssuedCredentials).AccessRules);
        Assert.Contains(run.OutputLines, l => l.Contains("reboot_server can hard-reboot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, false, "OK   access rule POST /dedicated/server/*/reboot: not granted: this key cannot reboot servers", 0)]
    [InlineData(true, false, "FAIL access rule POST /dedicated/server/*/reboot: missing, so reboot_server cannot reboot; run `ovh-ikvm-mcp credentials --allow-power`", 1)]
    [InlineData(true, true, "OK   access rule POST /dedicated/server/*/reboot: granted (reboot a server", 0)]
    public async Task Doctor_says_whether_the_reboot_rule_is_granted(bool allowPower, bool granted, string line, int exitCode)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        string[] rules = granted ? [.. MinimalRules, "POST /dedicated/server/*/reboot"] : MinimalRules;
        await using var simulator = await OvhApiSimulator.StartAsync(new OvhSimulatorOptions { AccessRules = rules, GeolocationIp = "203.0.113.9" }, cancellationToken: ct);

        var run = await RunAsync(allowPower ? ["doctor", "--allow-power"] : ["doctor"], Environment(simulator), ct);

        Assert.Contains(run.OutputLines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.Equal(exitCode, run.ExitCode);
    }

    [Fact]
    public async Task Credentials_with_an_allowed_ip_requests_no_geolocation_rule()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var environment = Environment(simulator);

        var run = await RunAsync(["credentials", "--allowed-ip", "198.51.100.20"], environment, ct);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("POST /me/geolocation", Assert.Single(simulator.IssuedCredentials).AccessRules);
        Assert.DoesNotContain(run.OutputLines, l => l.Contains("OVH_APPLICATION_SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(simulator.Options.ApplicationSecret, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "credentials" }, false, "needs the application key: set OVH_APPLICATION_KEY")]
    [InlineData(new[] { "credentials", "--redirect", "javascript:alert(1)" }, true, "--redirect must be an absolute http(s) URL")]
    [InlineData(new[] { "credentials", "--app-key", "unknownApplicationKey" }, true, "OVH does not know this application key")]
    public async Task Credentials_fails_with_one_sentence_on_stderr(string[] args, bool withApplicationKey, string expected)
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var environment = new Dictionary<string, string?> { [ToolSettings.ApiUrl.EnvironmentVariable] = simulator.BaseUrl.AbsoluteUri };
        if (withApplicationKey)
        {
            environment[ToolSettings.ApplicationKey.EnvironmentVariable] = simulator.Options.ApplicationKey;
        }

        var run = await RunAsync(args, environment, ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(simulator.IssuedCredentials);
    }

    private static Dictionary<string, string?> Environment(OvhApiSimulator simulator) => new()
    {
        [ToolSettings.ApiUrl.EnvironmentVariable] = simulator.BaseUrl.AbsoluteUri,
        [ToolSettings.ApplicationKey.EnvironmentVariable] = simulator.Options.ApplicationKey,
        [ToolSettings.ApplicationSecret.EnvironmentVariable] = simulator.Options.ApplicationSecret,
        [ToolSettings.ConsumerKey.EnvironmentVariable] = simulator.Options.ConsumerKey,
    };

    private static void AssertNoSecret(OvhApiSimulator simulator, string text)
    {
        string[] secrets = [simulator.Options.ApplicationSecret, simulator.Options.ConsumerKey, .. simulator.Requests.Select(r => r.Signature).OfType<string>()];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    private static async Task<Run> RunAsync(string[] args, Dictionary<string, string?> environment, CancellationToken ct)
    {
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(-1), environment);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await commandLine.Root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ ovh-ikvm-mcp {string.Join(' ', args)} -> {exitCode}\nstdout:\n{output}\nstderr:\n{error}");
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split(System.Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }
}
