using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvhIkvm.Kvm.Rfb;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm;

public static class KvmServiceCollectionExtensions
{
    /// <summary>Registers the KVM session factory and the protocol clients behind it.</summary>
    public static IServiceCollection AddKvmSessions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKvmSessionFactory, KvmSessionFactory>();
        services.AddLogging();
        services.TryAddSingleton(new RfbOptions());
        services.TryAddSingleton<IRfbSessionConnector, RfbSessionConnector>();
        return services;
    }
}
