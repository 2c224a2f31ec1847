using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;
using OvhIkvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Http;

/// <summary><c>ovh-ikvm-mcp --http</c>: the same MCP server over Streamable HTTP, for clients that cannot start a process.</summary>
internal static class HttpServerCommand
{
    private const long MaxRequestBytes = 1024 * 1024;

    private const string McpSessionId = "Mcp-Session-Id";

    // What an MCP client in a browser sends: the token, the JSON body, and the Streamable HTTP headers.
    private static readonly string[] CorsRequestHeaders =
    [
        HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.Accept, McpSessionId,
        "MCP-Protocol-Version", "Last-Event-ID", "Mcp-Method", "Mcp-Name",
    ];

    public static async Task<int> RunAsync(ToolConfiguration configuration, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        HttpListenPlan plan;
        try
        {
            plan = HttpListenPlan.Create(configuration);
        }
        catch (ConsoleConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var app = Build(configuration, plan);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var endpoint = new Uri(ListeningAddress(app), "mcp");
            await error.WriteLineAsync($"ovh-ikvm-mcp {ToolVersion.Current} serving MCP (Streamable HTTP) at {endpoint}").ConfigureAwait(false);
            if (plan.TokenWasGenerated)
            {
                // Shown once, to the person who started the server, because clients cannot connect without it.
                await error.WriteLineAsync(
                    $"Bearer token for this run: {plan.Token.Reveal()} (set {ToolSettings.HttpToken.EnvironmentVariable} to choose a stable one)").ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Builds the web application (tests start it on port 0 with their own overrides).</summary>
    internal static WebApplication Build(ToolConfiguration configuration, HttpListenPlan plan, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = ToolVersion.ServerName,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddStderrConsole(configuration.MinimumLogLevel);
        builder.WebHost.UseUrls(plan.Url.GetLeftPart(UriPartial.Authority));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBytes);
        overrides?.Invoke(builder.Services);
        builder.Services.AddConsoleServices(configuration);
        builder.Services.AddConsoleMcpServer().WithHttpTransport(transport => transport.Stateless = true);
        builder.Services.AddSingleton(plan);
        var origins = new HttpOriginPolicy(plan);
        builder.Services.AddSingleton(origins);
        builder.Services.AddAuthentication(BearerTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, configureOptions: null);

        // Deny by default: an endpoint that does not opt out needs an authenticated caller, whatever path reached it.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(BearerTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origins.IsAllowedOrigin)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
            .WithHeaders(CorsRequestHeaders)
            .WithExposedHeaders(McpSessionId, HeaderNames.WWWAuthenticate)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        var app = builder.Build();
        app.Use(origins.InvokeAsync);
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", context => Results.Text("ok").ExecuteAsync(context)).AllowAnonymous();
        app.MapMcp("/mcp").RequireAuthorization();
        return app;
    }

    internal static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
