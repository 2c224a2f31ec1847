using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Ovh;

public static class OvhServiceCollectionExtensions
{
    /// <summary>Registers the OVH console provider for the given credentials.</summary>
    public static IServiceCollection AddOvhConsoleProvider(this IServiceCollection services, OvhOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<IConsoleProvider, OvhConsoleProvider>();
        return services;
    }
}
