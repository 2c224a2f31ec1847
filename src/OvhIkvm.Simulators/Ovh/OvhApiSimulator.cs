using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OvhIkvm.Simulators.Ovh;

/// <summary>
/// A faithful stand-in for the OVH API on 127.0.0.1 (random port): it checks every application key, consumer key,
/// timestamp and signature as OVH does, serves the documented schemas, runs access tasks through init, todo, doing and
/// a final state, and can inject the faults real clients meet (429, 5xx bursts, HTML bodies, slow answers, flaky task
/// reads, expired accesses). It records every request so that tests can assert what a client did.
/// </summary>
public sealed class OvhApiSimulator : IAsyncDisposable
{
    /// <summary>The API version prefix, as in https://eu.api.ovh.com/1.0.</summary>
    public const string VersionPrefix = "/1.0";

    private readonly WebApplication _app;
    private readonly OvhSimulatorState _state;

    private OvhApiSimulator(WebApplication app, OvhSimulatorState state, OvhSimulatorOptions options, Uri baseUrl)
    {
        _app = app;
        _state = state;
        Options = options;
        BaseUrl = baseUrl;
    }

    /// <summary>The API base URL to configure a client with, e.g. http://127.0.0.1:41234/1.0.</summary>
    public Uri BaseUrl { get; }

    public OvhSimulatorOptions Options { get; }

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<OvhRecordedRequest> Requests => _state.Requests;

    /// <summary>Moves the API clock (not the client's), so that a client's cached clock offset turns stale.</summary>
    public TimeSpan ClockOffset
    {
        get => _state.ClockOffset;
        set => _state.ClockOffset = value;
    }

    /// <summary>Starts the simulator on a free loopback port.</summary>
    public static async Task<OvhApiSimulator> StartAsync(OvhSimulatorOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new OvhSimulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = OvhSimulatorEndpoints.MaxBodyBytes;
        });
        var app = builder.Build();
        var state = new OvhSimulatorState(options);
        OvhSimulatorEndpoints.Map(app, state, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new OvhApiSimulator(app, state, options, new Uri($"http://127.0.0.1:{port}{VersionPrefix}"));
    }

    /// <summary>The consumer keys issued through <c>POST /auth/credential</c>, in order.</summary>
    public IReadOnlyList<OvhIssuedCredential> IssuedCredentials => _state.IssuedCredentials;

    /// <summary>Sets a consumer key's state (validated, pendingValidation, expired, refused), as its owner approving it would; false for an unknown key.</summary>
    public bool SetCredentialState(string consumerKey, string state) => _state.SetCredentialState(consumerKey, state);

    /// <summary>Makes OVH hold a console access for a server, as if an earlier process had been granted it.</summary>
    public void GrantAccess(string serviceName, string viewerUrl, DateTimeOffset expiration) => _state.GrantAccess(serviceName, viewerUrl, expiration);

    /// <summary>Applies <paramref name="fault"/> to the next matching requests.</summary>
    public void Inject(OvhFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _state.AddFault(fault);
    }

    /// <summary>How many recorded requests match a route pattern such as <c>POST /dedicated/server/*/features/ipmi/access</c>.</summary>
    /// <summary>The servers whose reboot task reached done, in order.</summary>
    public IReadOnlyList<string> Reboots => _state.Reboots;

    public int Count(string route) => Requests.Count(r => OvhRoutePattern.Matches(route, r.Method, r.Path));

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
