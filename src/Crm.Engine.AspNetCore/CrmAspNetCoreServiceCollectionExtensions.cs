using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.AspNetCore;

/// <summary>Registers what the CRM endpoints need.</summary>
public static class CrmAspNetCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="ICrmCallerResolver"/> (claims; a resolver registered before wins) and the
    /// endpoint options. Call it next to <c>AddCrmEngine</c> and the host's own <c>AddAuthentication</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configureClaims">Changes the claim types the default resolver reads.</param>
    /// <param name="configureApi">Changes the endpoint options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCrmAspNetCore(
        this IServiceCollection services,
        Action<CrmCallerClaimOptions>? configureClaims = null,
        Action<CrmApiOptions>? configureApi = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CrmCallerClaimOptions>();
        services.AddOptions<CrmApiOptions>().Validate(o => o.MaxWebhookBodyBytes > 0, "CrmApiOptions.MaxWebhookBodyBytes must be positive.");
        if (configureClaims is not null)
        {
            services.Configure(configureClaims);
        }

        if (configureApi is not null)
        {
            services.Configure(configureApi);
        }

        services.TryAddSingleton<ICrmCallerResolver, ClaimsCrmCallerResolver>();
        return services;
    }
}
