using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;
using OvhIkvm.Tool.Http;

namespace OvhIkvm.Tool.Tests.Hosting;

/// <summary>
/// A bad KVM option stops each way the tool starts (the stdio host, the HTTP host, the CLI's container) before any
/// transport or command runs, with the option's name in the error; the defaults start.
/// </summary>
public sealed class OptionsValidationAtStartTests
{
    private static readonly ToolConfiguration HttpConfiguration = ToolConfiguration.Resolve(
        new Dictionary<ToolSetting, string?> { [ToolSettings.HttpUrl] = "http://127.0.0.1:0", [ToolSettings.HttpToken] = "correct-horse-battery-staple-0123456789" },
        new Dictionary<string, string?>());

    private static void ZeroRfbCapture(IServiceCollection services) => services.Configure<RfbOptions>(o => o.CaptureTimeout = TimeSpan.Zero);

    private static void NegativeFrameBound(IServiceCollection services) => services.Configure<AmiSessionOptions>(o => o.MaxCompressedFrameBytes = -1);

    [Fact]
    public async Task The_stdio_host_does_not_start_with_a_zero_rfb_capture_timeout()
    {
        using var host = McpServerCommand.Build(HttpConfiguration, ZeroRfbCapture);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Equal(typeof(RfbOptions), error.OptionsType);
        Assert.Contains("CaptureTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_host_does_not_start_with_a_negative_frame_bound()
    {
        var app = HttpServerCommand.Build(HttpConfiguration, HttpListenPlan.Create(HttpConfiguration), NegativeFrameBound);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestTimeouts.Within(TestTimeouts.Network)));

            Assert.Equal(typeof(AmiSessionOptions), error.OptionsType);
            Assert.Contains("MaxCompressedFrameBytes", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_cli_container_is_not_built_with_a_bad_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CliServices.BuildAsync(
            HttpConfiguration,
            services =>
            {
                services.AddConsoleServices(HttpConfiguration);
                ZeroRfbCapture(services);
            },
            TestTimeouts.Within(TestTimeouts.Network)));

        Assert.Contains("CaptureTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_start_the_http_host_and_build_the_cli_container()
    {
        var cancellationToken = TestTimeouts.Within(TestTimeouts.Network);
        var app = HttpServerCommand.Build(HttpConfiguration, HttpListenPlan.Create(HttpConfiguration));
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            await app.StopAsync(cancellationToken);
        }

        await using var services = await CliServices.BuildAsync(HttpConfiguration, cancellationToken);
        Assert.Equal(new RfbOptions().CaptureTimeout, services.GetRequiredService<RfbOptions>().CaptureTimeout);
    }
}
