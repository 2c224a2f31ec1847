using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Http;

namespace OvhIkvm.Tool.Tests.Http;

/// <summary>The tool's HTTP transport started on a loopback port for one test.</summary>
internal sealed record RunningHttpServer(WebApplication App, Uri Address) : IAsyncDisposable
{
    /// <summary>
    /// Builds the transport from these settings and starts it on 127.0.0.1 with a free port. The listen plan keeps
    /// the configured address, so a test of a public bind gets that bind's policy while its socket stays on loopback.
    /// </summary>
    public static async Task<RunningHttpServer> StartAsync(IReadOnlyDictionary<ToolSetting, string?> settings, IConsoleDirectory? directory = null)
    {
        var configuration = ToolConfiguration.Resolve(settings, new Dictionary<string, string?>());
        var app = HttpServerCommand.Build(
            configuration,
            HttpListenPlan.Create(configuration),
            services =>
            {
                if (directory is not null)
                {
                    services.AddSingleton(directory);
                }
            });
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(TestTimeouts.Within(TestTimeouts.Network));
        return new RunningHttpServer(app, HttpServerCommand.ListeningAddress(app));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
