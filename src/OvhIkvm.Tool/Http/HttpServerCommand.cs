using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OvhIkvm.Kvm.Consoles;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Http;

/// <summary><c>ovh-ikvm-mcp --http</c>: the same MCP server over Streamable HTTP, for clients that cannot start a process.</summary>
internal static class HttpServerCommand
{
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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        overrides?.Invoke(builder.Services);
        builder.Services.AddConsoleServices(configuration);
        builder.Services.AddConsoleMcpServer();
        builder.Services.AddSingleton(plan);
        builder.Services.AddSingleton<HttpAccessPolicy>();

        var app = builder.Build();
        var policy = app.Services.GetRequiredService<HttpAccessPolicy>();
        app.Use(policy.InvokeAsync);
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapPost("/mcp", McpHttpEndpoint.HandlePostAsync);
        app.MapMethods("/mcp", ["GET", "DELETE"], () => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
        return app;
    }

    internal static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
