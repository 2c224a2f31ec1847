using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Account;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Account;

/// <summary><see cref="IOvhConsumerKeyRequests"/> registered with nothing but an application key, against the simulator.</summary>
public sealed class ConsumerKeyRequestTests
{
    [Fact]
    public async Task A_consumer_key_is_requested_unsigned_with_the_minimal_rules_and_works_once_validated()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var logs = new CapturedLogs();
        await using var services = Services(simulator, simulator.Options.ApplicationKey, logs);

        var request = await services.GetRequiredService<IOvhConsumerKeyRequests>()
            .RequestConsumerKeyAsync(allowedIpConfigured: false, allowPower: false, new Uri("https://example.com/done"), ct);

        var issued = Assert.Single(simulator.IssuedCredentials);
        Assert.Equal(issued.ConsumerKey, request.ConsumerKey.Reveal());
        Assert.Equal(issued.ValidationUrl, request.ValidationUrl);
        Assert.Equal("pendingValidation", request.State);
        Assert.Equal(OvhRequiredAccessRules.All.Select(r => r.Rule.ToString()), issued.AccessRules);
        Assert.Equal("https://example.com/done", issued.Redirection);
        var sent = Assert.Single(simulator.Requests, r => r.Path == "/auth/credential");
        Assert.Null(sent.Signature);
        Assert.Equal(0, simulator.Count("GET /auth/time"));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(issued.ConsumerKey, l, StringComparison.Ordinal));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(issued.ValidationUrl.Query, l, StringComparison.Ordinal));
        Assert.DoesNotContain(issued.ConsumerKey, request.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(issued.ValidationUrl.Query, request.ToString(), StringComparison.Ordinal);

        // The key is refused until its owner approves it, then works with exactly the rules requested.
        var options = OvhTestHarness.FastOptions(simulator).With(consumerKey: issued.ConsumerKey);
        await using var pending = await DiagnoseWith(options, ct);
        Assert.Equal("pendingValidation", pending.Diagnosis.Credential!.Status);
        Assert.True(simulator.SetCredentialState(issued.ConsumerKey, "validated"));
        await using var validated = await DiagnoseWith(options, ct);
        Assert.True(validated.Diagnosis.Credential!.IsUsable);
        Assert.All(validated.Diagnosis.Rules, r => Assert.Equal(r.Required != OvhRequiredAccessRules.Reboot, r.Granted));
        Assert.NotEmpty(validated.Diagnosis.Servers);
    }

    [Fact]
    public async Task A_configured_allowed_ip_leaves_geolocation_out_and_no_redirection_is_sent()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        await using var services = Services(simulator, simulator.Options.ApplicationKey, new CapturedLogs());

        var request = await services.GetRequiredService<IOvhConsumerKeyRequests>().RequestConsumerKeyAsync(allowedIpConfigured: true, allowPower: false, null, ct);

        Assert.DoesNotContain(request.AccessRules, r => r.Path == "/me/geolocation");
        Assert.DoesNotContain("redirection", Assert.Single(simulator.Requests).Body, StringComparison.Ordinal);
        Assert.Null(Assert.Single(simulator.IssuedCredentials).Redirection);
    }

    [Fact]
    public async Task An_unknown_application_key_is_a_clear_error()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        await using var services = Services(simulator, "notTheApplicationKey", new CapturedLogs());

        var error = await Assert.ThrowsAnyAsync<ConsoleException>(() =>
            services.GetRequiredService<IOvhConsumerKeyRequests>().RequestConsumerKeyAsync(false, false, null, ct));

        Assert.Contains("OVH_APPLICATION_KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.IssuedCredentials);
    }

    [Fact]
    public async Task Registering_the_provider_too_keeps_its_complete_options()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var simulator = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        var options = OvhTestHarness.FastOptions(simulator);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOvhCredentialRequests(new OvhCredentialRequestOptions { Endpoint = "ovh-eu", ApplicationKey = options.ApplicationKey, ApiBaseUrl = simulator.BaseUrl })
            .AddOvhConsoleProvider(options)
            .BuildServiceProvider(validateScopes: true);

        var servers = await services.GetRequiredService<IConsoleProvider>().ListServersAsync(ct);
        await services.GetRequiredService<IOvhConsumerKeyRequests>().RequestConsumerKeyAsync(false, false, null, ct);

        Assert.Equal(simulator.Options.Servers.Count, servers.Count);
        Assert.Single(simulator.IssuedCredentials);
    }

    private static ServiceProvider Services(OvhApiSimulator simulator, string applicationKey, CapturedLogs logs) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddOvhCredentialRequests(new OvhCredentialRequestOptions { Endpoint = "ovh-eu", ApplicationKey = applicationKey, ApiBaseUrl = simulator.BaseUrl })
            .BuildServiceProvider(validateScopes: true);

    private static async Task<Diagnosed> DiagnoseWith(OvhOptions options, CancellationToken ct)
    {
        var services = new ServiceCollection().AddLogging().AddOvhConsoleProvider(options).BuildServiceProvider(validateScopes: true);
        return new Diagnosed(services, await services.GetRequiredService<IOvhAccountChecks>().DiagnoseAsync(null, ct));
    }

    private sealed record Diagnosed(ServiceProvider Services, OvhDiagnosis Diagnosis) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }
}
