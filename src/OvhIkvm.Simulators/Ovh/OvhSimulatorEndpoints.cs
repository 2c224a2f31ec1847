using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace OvhIkvm.Simulators.Ovh;

/// <summary>The simulator's request pipeline (record, inject faults, authenticate) and its OVH routes.</summary>
internal static class OvhSimulatorEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly int[] AllowedTtls = [1, 3, 5, 10, 15];
    private static readonly string[] AccessTypes = ["kvmipHtml5URL", "kvmipJnlp", "serialOverLanSshKey", "serialOverLanURL"];
    private static readonly string[] HttpMethodsInRules = ["GET", "POST", "PUT", "DELETE"];
    private static readonly TimeSpan OvhOffset = TimeSpan.FromHours(1);

    public static void Map(WebApplication app, OvhSimulatorState state, OvhSimulatorOptions options)
    {
        app.Use((context, next) => HandleAsync(context, next, state, options));
        var api = app.MapGroup(OvhApiSimulator.VersionPrefix);
        api.MapGet("/auth/time", (RequestDelegate)(context =>
            WriteJsonAsync(context, 200, JsonValue.Create(state.Now.ToUnixTimeSeconds()))));
        api.MapGet("/auth/currentCredential", (RequestDelegate)(context => GetCurrentCredentialAsync(context, state, options)));
        api.MapPost("/auth/credential", (RequestDelegate)(context => PostCredentialAsync(context, state)));
        api.MapGet("/dedicated/server", (RequestDelegate)(context =>
            WriteJsonAsync(context, 200, new JsonArray([.. options.Servers.Select(s => (JsonNode)JsonValue.Create(s.ServiceName)!)]))));
        api.MapGet("/dedicated/server/{serviceName}", (RequestDelegate)(context => WithServer(context, state, server => GetServerAsync(context, server))));
        api.MapGet("/dedicated/server/{serviceName}/features/ipmi", (RequestDelegate)(context => WithServer(context, state, server => GetIpmiAsync(context, server))));
        api.MapPost("/dedicated/server/{serviceName}/features/ipmi/access", (RequestDelegate)(context =>
            WithServer(context, state, server => PostAccessAsync(context, state, server))));
        api.MapGet("/dedicated/server/{serviceName}/features/ipmi/access", (RequestDelegate)(context =>
            WithServer(context, state, server => GetAccessAsync(context, state, server))));
        api.MapPost("/dedicated/server/{serviceName}/reboot", (RequestDelegate)(context =>
            WithServer(context, state, server => PostRebootAsync(context, state, server))));
        api.MapGet("/dedicated/server/{serviceName}/task", (RequestDelegate)(context =>
            WithServer(context, state, server => ListTasksAsync(context, state, server))));
        api.MapGet("/dedicated/server/{serviceName}/task/{taskId:long}", (RequestDelegate)(context =>
            WithServer(context, state, server => GetTaskAsync(context, state, server))));
        api.MapPost("/me/geolocation", (RequestDelegate)(context => GeolocateAsync(context, options)));
        app.MapFallback((RequestDelegate)(context =>
            WriteErrorAsync(context, 404, "Client::NotFound", "Got an invalid (or empty) URL")));
    }

    private static async Task HandleAsync(HttpContext context, RequestDelegate next, OvhSimulatorState state, OvhSimulatorOptions options)
    {
        context.Response.Headers["X-Ovh-QueryID"] = state.NextQueryId();
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        var path = request.Path.StartsWithSegments(OvhApiSimulator.VersionPrefix, out var rest) ? rest.Value ?? "/" : request.Path.Value ?? "/";
        var signature = request.Headers["X-Ovh-Signature"].ToString();
        var receivedAt = options.TimeProvider.GetUtcNow();
        try
        {
            var fault = state.TakeFault(request.Method, path);
            if (fault is not null && await ApplyFaultAsync(context, fault, request.Method, path).ConfigureAwait(false))
            {
                return;
            }

            if (await AuthenticateAsync(context, state, options, path, body).ConfigureAwait(false))
            {
                context.Items[typeof(OvhFault)] = fault;
                await next(context).ConfigureAwait(false);
            }
        }
        finally
        {
            state.Record(new OvhRecordedRequest(request.Method, path, request.QueryString.Value ?? string.Empty, body,
                signature.Length == 0 ? null : signature, context.Response.StatusCode) { ReceivedAt = receivedAt });
        }
    }

    /// <summary>Applies a fault; true when it answered the request itself.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext context, OvhFault fault, string method, string path)
    {
        switch (fault.Kind)
        {
            case OvhFaultKind.Status:
                if (fault.StatusCode is >= 300 and < 400)
                {
                    // A redirect to another of our own routes: a client that followed it would leave a trace in the log.
                    context.Response.Headers.Location = $"{OvhApiSimulator.VersionPrefix}/me/geolocation";
                }

                if (fault.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await WriteErrorAsync(context, fault.StatusCode, ClassFor(fault.StatusCode), $"Simulated failure of {method} {path}").ConfigureAwait(false);
                return true;
            case OvhFaultKind.Html:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>503 Service Unavailable</h1><p>No server is available to handle this request.</p></body></html>", context.RequestAborted)
                    .ConfigureAwait(false);
                return true;
            case OvhFaultKind.Slow:
                await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                return false;
            case OvhFaultKind.InvalidSignature:
                await WriteLegacyErrorAsync(context, 400, "INVALID_SIGNATURE", "Invalid signature").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>OVH's checks, in OVH's order; true when the request may proceed.</summary>
    private static async Task<bool> AuthenticateAsync(HttpContext context, OvhSimulatorState state, OvhSimulatorOptions options, string path, string body)
    {
        var headers = context.Request.Headers;
        if (!string.Equals(headers["X-Ovh-Application"], options.ApplicationKey, StringComparison.Ordinal))
        {
            await WriteLegacyErrorAsync(context, 403, "INVALID_KEY", "Invalid application key").ConfigureAwait(false);
            return false;
        }

        // Neither reading the time nor asking for a consumer key can need a consumer key.
        if (path == "/auth/time" || (path == "/auth/credential" && HttpMethods.IsPost(context.Request.Method)))
        {
            return true;
        }

        var consumer = headers["X-Ovh-Consumer"].ToString();
        if (consumer.Length == 0)
        {
            // The exact status OVH uses for a missing consumer key is undocumented; 401 is what its front end is reported to send.
            await WriteErrorAsync(context, 401, "Client::Unauthorized", "You must login first").ConfigureAwait(false);
            return false;
        }

        if (state.FindCredential(consumer) is not { } credential)
        {
            await WriteLegacyErrorAsync(context, 403, "INVALID_CREDENTIAL", "This credential is not valid").ConfigureAwait(false);
            return false;
        }

        if (!long.TryParse(headers["X-Ovh-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(timestamp - state.Now.ToUnixTimeSeconds()) > options.TimestampTolerance.TotalSeconds)
        {
            await WriteLegacyErrorAsync(context, 400, "QUERY_TIME_OUT", "Query out of time").ConfigureAwait(false);
            return false;
        }

        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var url = $"{context.Request.Scheme}://{context.Request.Host}{rawTarget}";
        var preImage = string.Join('+', options.ApplicationSecret, consumer, context.Request.Method, url, body, timestamp.ToString(CultureInfo.InvariantCulture));
#pragma warning disable CA5350 // OVH's signature is SHA-1 by definition.
        var expected = "$1$" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(preImage)));
#pragma warning restore CA5350
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(headers["X-Ovh-Signature"].ToString())))
        {
            await WriteLegacyErrorAsync(context, 400, "INVALID_SIGNATURE", "Invalid signature").ConfigureAwait(false);
            return false;
        }

        // A key not (or no longer) validated may still describe itself, so that a client can tell the user why it fails
        // (OVH's exact answer there is undocumented); every other call is refused as OVH refuses it.
        context.Items[typeof(OvhSimulatedCredential)] = credential;
        state.RecordUse(credential);
        if (state.Describe(credential).State != "validated" && path != "/auth/currentCredential")
        {
            await WriteLegacyErrorAsync(context, 403, "INVALID_CREDENTIAL", "This credential is not valid").ConfigureAwait(false);
            return false;
        }

        // A key reads itself whatever its rules (a key limited to /domain/zone/* does, per ovh/node-ovh issue #20).
        if (!path.StartsWith("/auth/", StringComparison.Ordinal)
            && credential.AccessRules is { } rules && !rules.Any(rule => OvhRoutePattern.Matches(rule, context.Request.Method, path)))
        {
            await WriteLegacyErrorAsync(context, 403, "NOT_GRANTED_CALL", "This call has not been granted").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static Task GetCurrentCredentialAsync(HttpContext context, OvhSimulatorState state, OvhSimulatorOptions options)
    {
        var credential = (OvhSimulatedCredential)context.Items[typeof(OvhSimulatedCredential)]!;
        var (status, expiration, lastUse) = state.Describe(credential);
        var rules = (credential.AccessRules ?? OvhSimulatedCredential.AllCalls).Select(rule =>
        {
            var space = rule.IndexOf(' ', StringComparison.Ordinal);
            return (JsonNode)new JsonObject { ["method"] = rule[..space], ["path"] = rule[(space + 1)..] };
        });
        return WriteJsonAsync(context, 200, new JsonObject
        {
            ["allowedIPs"] = null,
            ["applicationId"] = Math.Abs(options.ApplicationKey.GetHashCode(StringComparison.Ordinal) % 1_000_000),
            ["creation"] = OvhDate(credential.Creation),
            ["credentialId"] = credential.CredentialId,
            ["expiration"] = expiration is { } expires ? OvhDate(expires) : null,
            ["lastUse"] = lastUse is { } used ? OvhDate(used) : null,
            ["ovhSupport"] = false,
            ["rules"] = new JsonArray([.. rules]),
            ["status"] = status,
        });
    }

    /// <summary><c>POST /auth/credential</c>: checks the rules as OVH's schema types them and issues a pendingValidation key.</summary>
    private static Task PostCredentialAsync(HttpContext context, OvhSimulatorState state)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(context.Items[BodyKey] as string ?? string.Empty) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?["accessRules"] is not JsonArray { Count: > 0 } accessRules)
        {
            return WriteErrorAsync(context, 400, "Client::BadRequest::MissingParameter", "Missing parameter: accessRules");
        }

        var rules = new List<string>();
        foreach (var node in accessRules)
        {
            var method = (node?["method"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? node!["method"]!.GetValue<string>() : null;
            var rulePath = (node?["path"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? node!["path"]!.GetValue<string>() : null;
            if (method is null || !HttpMethodsInRules.Contains(method, StringComparer.Ordinal) || rulePath is null || !rulePath.StartsWith('/'))
            {
                return WriteErrorAsync(context, 400, "Client::BadRequest::InvalidParameter", "Invalid value for accessRules: each rule needs a method (GET, POST, PUT, DELETE) and a path");
            }

            rules.Add($"{method} {rulePath}");
        }

        string? redirection = null;
        if (body["redirection"] is { } redirect)
        {
            if (redirect.GetValueKind() != JsonValueKind.String || !Uri.TryCreate(redirect.GetValue<string>(), UriKind.Absolute, out _))
            {
                return WriteErrorAsync(context, 400, "Client::BadRequest::InvalidParameter", "Invalid value for redirection");
            }

            redirection = redirect.GetValue<string>();
        }

        var apiRoot = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
        var issued = state.IssueCredential(rules, redirection, apiRoot);
        return WriteJsonAsync(context, 200, new JsonObject
        {
            ["consumerKey"] = issued.ConsumerKey,
            ["state"] = "pendingValidation",
            ["validationUrl"] = issued.ValidationUrl.AbsoluteUri,
        });
    }

    private static Task WithServer(HttpContext context, OvhSimulatorState state, Func<OvhSimulatedServer, Task> handle)
    {
        var name = context.Request.RouteValues["serviceName"] as string ?? string.Empty;
        return state.FindServer(name) is { } server
            ? handle(server)
            : WriteErrorAsync(context, 404, "Client::NotFound", "This service does not exist");
    }

    private static Task GetServerAsync(HttpContext context, OvhSimulatedServer server) =>
        WriteJsonAsync(context, 200, new JsonObject
        {
            ["availabilityZone"] = $"eu-west-{server.Datacenter}-a",
            ["bootId"] = 1,
            ["commercialRange"] = "ADVANCE-1",
            ["datacenter"] = server.Datacenter,
            ["iam"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["urn"] = $"urn:v1:eu:resource:dedicatedServer:{server.ServiceName}" },
            ["ip"] = server.Ip,
            ["linkSpeed"] = 1000,
            ["monitoring"] = true,
            ["name"] = server.ServiceName,
            ["newUpgradeSystem"] = true,
            ["noIntervention"] = false,
            ["os"] = "debian12_64",
            ["powerState"] = "poweron",
            ["professionalUse"] = false,
            ["rack"] = "G123A45",
            ["region"] = "eu-west-gra",
            ["rescueMail"] = null,
            ["reverse"] = server.Reverse ?? server.ServiceName + ".",
            ["rootDevice"] = null,
            ["serverId"] = Math.Abs(server.ServiceName.GetHashCode(StringComparison.Ordinal) % 1_000_000),
            ["state"] = "ok",
            ["supportLevel"] = "pro",
        });

    private static Task GetIpmiAsync(HttpContext context, OvhSimulatedServer server) =>
        server.IpmiActivated
            ? WriteJsonAsync(context, 200, new JsonObject
            {
                ["activated"] = true,
                ["supportedFeatures"] = new JsonObject
                {
                    ["kvmipHtml5URL"] = server.Html5Console,
                    ["kvmipJnlp"] = true,
                    ["serialOverLanSshKey"] = server.Html5Console,
                    ["serialOverLanURL"] = server.Html5Console,
                },
            })
            : WriteErrorAsync(context, 404, "Client::NotFound", "The requested object (ipmi) does not exist");

    private static async Task PostAccessAsync(HttpContext context, OvhSimulatorState state, OvhSimulatedServer server)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(context.Items[BodyKey] as string ?? string.Empty) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await WriteErrorAsync(context, 400, "Client::BadRequest", "Invalid JSON body").ConfigureAwait(false);
            return;
        }

        if (body["ttl"] is not JsonValue ttlValue || !ttlValue.TryGetValue<int>(out var ttl) || !AllowedTtls.Contains(ttl))
        {
            await WriteErrorAsync(context, 400, "Client::BadRequest::InvalidParameter", "Invalid value for ttl: must be one of 1, 3, 5, 10, 15").ConfigureAwait(false);
            return;
        }

        var type = (body["type"] as JsonValue)?.GetValue<string>();
        if (type is null || !AccessTypes.Contains(type))
        {
            await WriteErrorAsync(context, 400, "Client::BadRequest::InvalidParameter", "Invalid value for type").ConfigureAwait(false);
            return;
        }

        if (body["ipToAllow"] is { } ip && (ip.GetValueKind() != JsonValueKind.String
            || !IPAddress.TryParse(ip.GetValue<string>(), out var address) || address.AddressFamily != AddressFamily.InterNetwork))
        {
            await WriteErrorAsync(context, 400, "Client::BadRequest::InvalidParameter", "Invalid value for ipToAllow: must be an IPv4 address").ConfigureAwait(false);
            return;
        }

        if (!server.IpmiActivated || (type == "kvmipHtml5URL" && !server.Html5Console))
        {
            await WriteErrorAsync(context, 400, "Client::BadRequest", "This feature is not available on this server").ConfigureAwait(false);
            return;
        }

        var task = state.StartAccessTask(server, ttl);
        if (task is null)
        {
            // OVH's answer to a second request while one runs is undocumented; a conflict is the plausible one.
            await WriteErrorAsync(context, 409, "Client::Conflict", "A requestAccessIPMI task is already in progress on this server").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, 200, TaskJson(task)).ConfigureAwait(false);
    }

    /// <summary><c>POST …/reboot</c> "Hard reboot this server": no body; a <c>hardReboot</c> task that moves on as it is read.</summary>
    private static Task PostRebootAsync(HttpContext context, OvhSimulatorState state, OvhSimulatedServer server) =>
        state.StartRebootTask(server) is { } task
            ? WriteJsonAsync(context, 200, TaskJson(task))
            : WriteErrorAsync(context, 409, "Client::Conflict", "A task is already in progress on this server");

    private static Task GetTaskAsync(HttpContext context, OvhSimulatorState state, OvhSimulatedServer server)
    {
        var taskId = long.Parse((string)context.Request.RouteValues["taskId"]!, CultureInfo.InvariantCulture);
        return state.ReadTask(server.ServiceName, taskId) is { } task
            ? WriteJsonAsync(context, 200, TaskJson(task))
            : WriteErrorAsync(context, 404, "Client::NotFound", "The requested object (taskId) does not exist");
    }

    /// <summary><c>GET …/task?function=&amp;status=</c>: the ids of the server's tasks, filtered as OVH's schema documents.</summary>
    private static Task ListTasksAsync(HttpContext context, OvhSimulatorState state, OvhSimulatedServer server)
    {
        var function = context.Request.Query["function"].ToString();
        var status = context.Request.Query["status"].ToString();
        var ids = state.ListTasks(server.ServiceName, function.Length == 0 ? null : function, status.Length == 0 ? null : status);
        return WriteJsonAsync(context, 200, new JsonArray([.. ids.Select(id => (JsonNode)JsonValue.Create(id))]));
    }

    private static Task GetAccessAsync(HttpContext context, OvhSimulatorState state, OvhSimulatedServer server)
    {
        if (string.IsNullOrEmpty(context.Request.Query["type"]))
        {
            return WriteErrorAsync(context, 400, "Client::BadRequest::MissingParameter", "Missing parameter: type");
        }

        if (state.ReadAccess(server.ServiceName) is not { } access)
        {
            return WriteErrorAsync(context, 404, "Client::NotFound", "No IPMI access of this type is available; request one first");
        }

        var expiration = context.Items[typeof(OvhFault)] is OvhFault { Kind: OvhFaultKind.ExpiredAccess } ? state.Now.AddMinutes(-1) : access.Expiration;
        return WriteJsonAsync(context, 200, new JsonObject { ["expiration"] = OvhDate(expiration), ["value"] = access.Value });
    }

    private static Task GeolocateAsync(HttpContext context, OvhSimulatorOptions options)
    {
        var ip = options.GeolocationIp ?? context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        return WriteJsonAsync(context, 200, new JsonObject { ["continent"] = "europe", ["countryCode"] = "fr", ["ip"] = ip });
    }

    private static JsonObject TaskJson(OvhSimulatorState.SimulatedTask task) => new()
    {
        ["comment"] = task.Comment,
        ["doneDate"] = task.DoneDate is { } done ? OvhDate(done) : null,
        ["function"] = task.Function,
        ["lastUpdate"] = OvhDate(task.LastUpdate),
        ["needSchedule"] = false,
        ["note"] = null,
        ["plannedInterventionId"] = null,
        ["startDate"] = OvhDate(task.StartDate),
        ["status"] = task.Status,
        ["tags"] = null,
        ["taskId"] = task.TaskId,
        ["ticketReference"] = null,
    };

    /// <summary>OVH writes dates in Paris time with an explicit offset, e.g. 2025-01-01T12:00:00+01:00.</summary>
    private static string OvhDate(DateTimeOffset value) =>
        value.ToOffset(OvhOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private const string BodyKey = "ovh.body";

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        request.HttpContext.Items[BodyKey] = body;
        return body;
    }

    private static string ClassFor(int status) => status switch
    {
        429 => "Client::TooManyRequests",
        404 => "Client::NotFound",
        >= 500 => "Server::InternalServerError",
        _ => "Client::BadRequest",
    };

    private static Task WriteErrorAsync(HttpContext context, int status, string errorClass, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["class"] = errorClass, ["message"] = message });

    private static Task WriteLegacyErrorAsync(HttpContext context, int status, string errorCode, string message) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["errorCode"] = errorCode,
            ["httpCode"] = $"{status} {ReasonPhrases.GetReasonPhrase(status)}",
            ["message"] = message,
        });

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode? node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(node?.ToJsonString() ?? "null", context.RequestAborted);
    }
}
