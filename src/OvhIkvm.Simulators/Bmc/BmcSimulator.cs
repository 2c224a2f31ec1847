using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OvhIkvm.Simulators.Bmc;

/// <summary>
/// A loopback AMI MegaRAC BMC: the web API a viewer needs (one-time viewer pages, login and logout, the CSRF token,
/// single-use KVM tokens) and the IVTP KVM WebSocket at <c>/kvm</c>, streaming the screens of
/// <see cref="ScreenSource"/>. It enforces the rules of the real firmware (cookie, CSRF header, single-use token,
/// Origin) and can misbehave on demand through <see cref="Faults"/>. Runs on 127.0.0.1 with a random port.
/// </summary>
public sealed class BmcSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BmcWebState _state = new();
    private readonly ConcurrentQueue<BmcRequestRecord> _requests = new();
    private readonly ConcurrentQueue<BmcPacketRecord> _packets = new();
    private volatile IBmcScreenSource _screenSource;

    private BmcSimulator(WebApplication app, BmcSimulatorOptions options, IBmcScreenSource screenSource)
    {
        _app = app;
        Options = options;
        _screenSource = screenSource;
    }

    public BmcSimulatorOptions Options { get; }

    /// <summary>http(s)://127.0.0.1:port of the simulated BMC.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public BmcFaults Faults { get; } = new();

    /// <summary>The host's USB keyboard: what clients typed, and whether every report was well formed.</summary>
    public BmcKeyboard Keyboard { get; } = new();

    public IBmcScreenSource ScreenSource
    {
        get => _screenSource;
        set => _screenSource = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Every HTTP request received, in order.</summary>
    public IReadOnlyList<BmcRequestRecord> Requests => [.. _requests];

    /// <summary>Every IVTP packet clients sent, in order.</summary>
    public IReadOnlyList<BmcPacketRecord> ClientPackets => [.. _packets];

    /// <summary>Web sessions currently open (logins and redeemed viewer pages not yet logged out).</summary>
    public int OpenWebSessions => _state.OpenSessions;

    /// <summary>KVM WebSocket connections accepted so far.</summary>
    public int KvmConnections => _kvmConnections;

    /// <summary>KVM WebSocket connections that have ended.</summary>
    public int EndedKvmConnections => _endedKvmConnections;

    /// <summary>Logouts <see cref="BmcFaults.LogoutHangs"/> held, and those of them the client has since given up on.</summary>
    public (int Held, int Abandoned) HungLogouts => (Volatile.Read(ref _hungLogouts), Volatile.Read(ref _abandonedLogouts));

    /// <summary>TCP connections (HTTP and WebSocket) clients hold open to this BMC right now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    private int _kvmConnections;
    private int _endedKvmConnections;
    private int _hungLogouts;
    private int _abandonedLogouts;
    private int _openConnections;
    private volatile bool _kvmTokenIssued;

    public static async Task<BmcSimulator> StartAsync(BmcSimulatorOptions options, IBmcScreenSource screenSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(screenSource);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        BmcSimulator? created = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref created!._openConnections);
                try
                {
                    await next(connection).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref created._openConnections);
                }
            });
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) =>
                    created is { _kvmTokenIssued: true } && options.KvmCertificate is { } kvm ? kvm : certificate);
            }
        }));
        var app = builder.Build();
        var simulator = created = new BmcSimulator(app, options, screenSource);
        simulator.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return simulator;
    }

    /// <summary>The viewer page without a token: another simulator appends <c>?token=</c> (see <see cref="BmcSimulatorOptions.AcceptForeignViewerTokens"/>).</summary>
    public Uri ViewerPageUrl => new(BaseUrl, "/viewer");

    /// <summary>A fresh one-time viewer URL, as OVH's IPMI access hands out (<c>/viewer?token=...</c>).</summary>
    public Uri ViewerUrlFor() => new(BaseUrl, $"/viewer?token={_state.IssueViewerToken()}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal void Record(BmcPacketRecord packet) => _packets.Enqueue(packet);

    // A JSON DOM rather than serialised anonymous types: reflection serialisation is off under Native AOT, where it
    // threw and every JSON answer (the KVM token first, in the demo) became an HTTP 500.
    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (Faults.StepDelay > TimeSpan.Zero)
            {
                await Task.Delay(Faults.StepDelay, context.RequestAborted).ConfigureAwait(false);
            }

            await next(context).ConfigureAwait(false);
            _requests.Enqueue(new BmcRequestRecord(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Response.StatusCode,
                context.Request.Headers.Origin.FirstOrDefault(),
                context.Request.Headers.SecWebSocketProtocol.FirstOrDefault(),
                [.. context.Request.Headers.Keys]));
        });

        app.MapGet("/viewer", ServeViewerPageAsync);
        app.MapGet("/viewer.html", context => WithSession(context, requireCsrf: false, session =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html><head><title>H5Viewer</title></head><body>KVM</body></html>", context.RequestAborted);
        }));
        app.MapPost("/api/session", LoginAsync);
        app.MapDelete("/api/session", LogoutAsync);
        app.MapGet("/api/kvm/token", context => WithSession(context, requireCsrf: true, session =>
        {
            _kvmTokenIssued = true;
            return Json(context, 200, new JsonObject { ["client_ip"] = context.Connection.RemoteIpAddress?.ToString(), ["token"] = session.IssueKvmToken(), ["session"] = BmcWebState.NewId(18)[..35] });
        }));
        app.MapGet("/api/settings/media/h5viewercfg", context => WithSession(context, requireCsrf: true, session =>
            Json(context, 200, new JsonObject { ["server_ip"] = "127.0.0.1", ["kvm_service_status"] = 1 })));
        app.Map("/kvm", ServeKvmAsync);
    }

    private async Task ServeViewerPageAsync(HttpContext context)
    {
        var token = context.Request.Query["token"].ToString();
        var session = _state.RedeemViewerToken(token, Options.AcceptForeignViewerTokens);
        if (session is null)
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>Access denied</title></head><body>This link has expired.</body></html>", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (Options.ViewerPageSetsCookie)
        {
            context.Response.Headers.SetCookie = $"QSESSIONID={session.Id}; Path=/; Secure; HttpOnly";
        }

        // The shape of AMI's redirect page: the session comes from ?token=, the CSRF token from a "garc" pair.
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync(
            $$"""
            <html><head><title>Redirecting</title>
            <script>
              var token = new URLSearchParams(location.search).get("token");
              document.cookie = "QSESSIONID=" + token + "; path=/";
              sessionStorage.setItem("garc", "{{CsrfTokenToHandOut(session)}}");
              location.href = "/viewer.html";
            </script></head><body></body></html>
            """,
            context.RequestAborted).ConfigureAwait(false);
    }

    private async Task LoginAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        var username = form?["username"].ToString() ?? context.Request.Query["username"].ToString();
        var password = form?["password"].ToString() ?? context.Request.Query["password"].ToString();
        if (Faults.WebSessionsFull || _state.OpenSessions >= Options.MaxWebSessions)
        {
            await Json(context, 503, new JsonObject { ["error"] = "Maximum number of sessions already in use", ["code"] = 15000 }).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(username, Options.Username, StringComparison.Ordinal) || !string.Equals(password, Options.Password, StringComparison.Ordinal))
        {
            await Json(context, 401, new JsonObject { ["ok"] = 1, ["error"] = "Invalid Authentication" }).ConfigureAwait(false);
            return;
        }

        var session = _state.Login();
        context.Response.Headers.SetCookie = $"QSESSIONID={session.Id}; Path=/; Secure; HttpOnly";
        await Json(context, 200, new JsonObject { ["ok"] = 0, ["privilege"] = 4, ["extendedpriv"] = 259, ["racsession_id"] = 1, ["CSRFToken"] = CsrfTokenToHandOut(session) }).ConfigureAwait(false);
    }

    private string CsrfTokenToHandOut(BmcWebState.Session session) =>
        Faults.HeaderInjectingCsrfToken ? $"{session.Csrf}\r\n{BmcFaults.InjectedHeader}: yes" : session.Csrf;

    private async Task LogoutAsync(HttpContext context)
    {
        if (Faults.LogoutHangs)
        {
            Interlocked.Increment(ref _hungLogouts);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _abandonedLogouts);
            }

            return;
        }

        if (Faults.LogoutBreaksOff)
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 64;
            await context.Response.Body.WriteAsync("{\"ok\":"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return;
        }

        await WithSession(context, requireCsrf: true, session =>
        {
            _state.Logout(session);
            return Json(context, 200, new JsonObject { ["ok"] = 0 });
        }).ConfigureAwait(false);
    }

    private Task WithSession(HttpContext context, bool requireCsrf, Func<BmcWebState.Session, Task> handler)
    {
        var session = _state.Find(context.Request.Cookies["QSESSIONID"]);
        if (session is null)
        {
            return Json(context, 401, new JsonObject { ["error"] = "Invalid session" });
        }

        if (requireCsrf && !string.Equals(context.Request.Headers["X-CSRFTOKEN"].ToString(), session.Csrf, StringComparison.Ordinal))
        {
            return Json(context, 401, new JsonObject { ["error"] = "Invalid CSRF token" });
        }

        return handler(session);
    }

    private async Task ServeKvmAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        // Real BMCs refuse a KVM socket without an Origin, and one without a live web session.
        if (string.IsNullOrEmpty(context.Request.Headers.Origin))
        {
            context.Response.StatusCode = 403;
            return;
        }

        var session = _state.Find(context.Request.Cookies["QSESSIONID"]);
        if (session is null)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = offered.Contains(Options.Subprotocol, StringComparer.OrdinalIgnoreCase) ? Options.Subprotocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(chosen).ConfigureAwait(false);
        Interlocked.Increment(ref _kvmConnections);
        using var connection = new BmcKvmConnection(socket, base64: chosen != "binary", session, this);
        try
        {
            await connection.RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Increment(ref _endedKvmConnections);
        }
    }
}
