using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Campaigns;

/// <summary>Registers campaign options, tracking, the send and dispatch jobs and the event tracker with every engine.</summary>
internal static class CampaignServiceRegistration
{
    public static void AddCampaigns(IServiceCollection services)
    {
        services.AddOptions<CampaignOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CampaignOptions>, CampaignOptionsValidator>());
        services.TryAddSingleton<ICampaignTrackingHandler, CampaignTrackingHandler>();
        services.TryAddSingleton<CampaignEventTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<MessageDelivered>, CampaignEventTracker>(static sp => sp.GetRequiredService<CampaignEventTracker>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<MessageFailed>, CampaignEventTracker>(static sp => sp.GetRequiredService<CampaignEventTracker>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<InteractionRecorded>, CampaignEventTracker>(static sp => sp.GetRequiredService<CampaignEventTracker>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<PurchaseRecorded>, CampaignEventTracker>(static sp => sp.GetRequiredService<CampaignEventTracker>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, CampaignSendJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, CampaignDispatchJob>());
    }
}
