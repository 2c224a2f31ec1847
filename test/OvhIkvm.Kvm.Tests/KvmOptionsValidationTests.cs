using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Rfb;

namespace OvhIkvm.Kvm.Tests;

/// <summary>
/// <see cref="KvmServiceCollectionExtensions.AddKvmSessions"/> registers both option sets for validation at start
/// (<see cref="IAsyncStartupValidator"/> is what a host runs in StartAsync): a bad value stops the start with a message
/// naming the option, the defaults pass.
/// </summary>
public sealed class KvmOptionsValidationTests
{
    public static TheoryData<Type, string, Action<IServiceCollection>> BadValues => new()
    {
        { typeof(AmiSessionOptions), nameof(AmiSessionOptions.CaptureTimeout), s => s.Configure<AmiSessionOptions>(o => o.CaptureTimeout = TimeSpan.Zero) },
        { typeof(AmiSessionOptions), nameof(AmiSessionOptions.KeepAliveInterval), s => s.Configure<AmiSessionOptions>(o => o.KeepAliveInterval = TimeSpan.FromSeconds(-1)) },
        { typeof(AmiSessionOptions), nameof(AmiSessionOptions.LogoutTimeout), s => s.Configure<AmiSessionOptions>(o => o.LogoutTimeout = TimeSpan.FromDays(30)) },
        { typeof(AmiSessionOptions), nameof(AmiSessionOptions.MaxCompressedFrameBytes), s => s.Configure<AmiSessionOptions>(o => o.MaxCompressedFrameBytes = -1) },
        { typeof(AmiSessionOptions), nameof(AmiSessionOptions.MaxCorruptFrames), s => s.Configure<AmiSessionOptions>(o => o.MaxCorruptFrames = -1) },
        { typeof(RfbOptions), nameof(RfbOptions.ConnectTimeout), s => s.Configure<RfbOptions>(o => o.ConnectTimeout = TimeSpan.Zero) },
        { typeof(RfbOptions), nameof(RfbOptions.HandshakeTimeout), s => s.Configure<RfbOptions>(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(-5)) },
        { typeof(RfbOptions), nameof(RfbOptions.CaptureTimeout), s => s.Configure<RfbOptions>(o => o.CaptureTimeout = TimeSpan.Zero) },
        { typeof(RfbOptions), nameof(RfbOptions.MaxMessageLength), s => s.Configure<RfbOptions>(o => o.MaxMessageLength = -1) },
        { typeof(RfbOptions), nameof(RfbOptions.JpegQuality), s => s.Configure<RfbOptions>(o => o.JpegQuality = 10) },
        { typeof(RfbOptions), nameof(RfbOptions.Encodings), s => s.Configure<RfbOptions>(o => o.Encodings = null!) },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_fails_the_start_with_a_message_naming_the_option(Type optionsType, string option, Action<IServiceCollection> configure)
    {
        using var provider = Provider(configure);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken));

        Assert.Equal(optionsType, error.OptionsType);
        Assert.StartsWith($"{option}: The ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_pass_and_the_rfb_client_gets_the_configured_options()
    {
        using var provider = Provider(s => s.Configure<RfbOptions>(o => o.CaptureTimeout = TimeSpan.FromSeconds(7)));

        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<RfbOptions>().CaptureTimeout);
        Assert.Equal(new AmiSessionOptions().CaptureTimeout, provider.GetRequiredService<IOptions<AmiSessionOptions>>().Value.CaptureTimeout);
    }

    private static ServiceProvider Provider(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging().AddKvmSessions();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
