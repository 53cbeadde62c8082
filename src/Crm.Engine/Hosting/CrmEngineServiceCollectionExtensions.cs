using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the CRM engine in a service collection.
/// </summary>
public static class CrmEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine and returns a builder to pick storage (<c>UseSqliteStorage</c>) and add plugins.
    /// Calling it again adds nothing twice and applies the new configuration on top.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="CrmEngineOptions"/>, or <see langword="null"/> for the defaults.</param>
    /// <returns>The engine builder.</returns>
    public static ICrmEngineBuilder AddCrmEngine(this IServiceCollection services, Action<CrmEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CrmEngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmEngineOptions>, CrmEngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmEngineOptions>, CrmEngineOptionsCrossValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICrmEventBus, CrmEventBus>();
        services.TryAddSingleton<CrmEngine>();
        services.TryAddSingleton<ICrmEngine>(sp => sp.GetRequiredService<CrmEngine>());
        Messaging.MessagingServiceRegistration.AddMessagingCore(services);
        Sales.SalesRegistration.AddSalesCore(services);
        Loyalty.LoyaltyServiceRegistration.AddLoyaltyCore(services);
        Campaigns.CampaignServiceRegistration.AddCampaigns(services);
        Security.SecurityCrmEngineBuilderExtensions.AddSecurityCore(services);
        SupportCrmEngineBuilderExtensions.AddSupport(services);
        return new CrmEngineBuilder(services);
    }
}
