using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm;

public static class KvmServiceCollectionExtensions
{
    /// <summary>Registers the KVM session factory and the protocol clients behind it.</summary>
    public static IServiceCollection AddKvmSessions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKvmSessionFactory, KvmSessionFactory>();
        return services;
    }
}
