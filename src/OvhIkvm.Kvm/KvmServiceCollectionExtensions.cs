using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm;

public static class KvmServiceCollectionExtensions
{
    /// <summary>Registers the KVM session factory and the protocol clients behind it.</summary>
    public static IServiceCollection AddKvmSessions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(FrameLimits.Default);
        services.TryAddSingleton(sp => new DecodeMemoryBudget(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<AmiSessionOptions>();
        services.TryAddSingleton<IVideoFrameDecoderFactory, AspeedVideoFrameDecoderFactory>();
        services.TryAddSingleton<AmiSessionOpener>();
        services.TryAddSingleton(new RfbOptions());
        services.TryAddSingleton<IRfbSessionOpener, RfbSessionConnector>();
        services.TryAddSingleton<IKvmSessionFactory, KvmSessionFactory>();
        return services;
    }
}
