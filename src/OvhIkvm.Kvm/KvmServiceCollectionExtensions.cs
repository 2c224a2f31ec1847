using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm;

public static class KvmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the KVM session factory and the protocol clients behind it. <see cref="AmiSessionOptions"/> and
    /// <see cref="RfbOptions"/> are options (<c>services.Configure&lt;T&gt;</c>) validated when the host starts; a
    /// container built without a host runs the same checks through <see cref="IAsyncStartupValidator"/>.
    /// </summary>
    public static IServiceCollection AddKvmSessions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(FrameLimits.Default);
        services.TryAddSingleton(sp => new DecodeMemoryBudget(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<AmiSessionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AmiSessionOptions>, AmiSessionOptionsValidator>());
        services.TryAddSingleton<IVideoFrameDecoderFactory, AspeedVideoFrameDecoderFactory>();
        services.TryAddSingleton<AmiSessionOpener>();
        services.AddOptions<RfbOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RfbOptions>, RfbOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RfbOptions>>().Value);
        services.TryAddSingleton<IRfbSessionOpener, RfbSessionConnector>();
        services.TryAddSingleton<IKvmSessionFactory, KvmSessionFactory>();
        return services;
    }
}
