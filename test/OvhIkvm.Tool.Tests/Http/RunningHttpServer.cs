using Microsoft.AspNetCore.Builder;

namespace OvhIkvm.Tool.Tests.Http;

/// <summary>The tool's HTTP transport started on a loopback port for one test.</summary>
internal sealed record RunningHttpServer(WebApplication App, Uri Address) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => App.DisposeAsync();
}
