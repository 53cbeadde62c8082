using Crm.Engine.Scheduling;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.Loyalty;

/// <summary>Registers what every engine needs to run an installed loyalty program: the locator, the maintenance job, the <c>awardPoints</c> action and the rules contributed from outside the program.</summary>
internal static class LoyaltyServiceRegistration
{
    public static void AddLoyaltyCore(IServiceCollection services)
    {
        services.TryAddSingleton<LoyaltyProgramLocator>();
        services.TryAddSingleton<ILoyaltyRuleContributions, LoyaltyRuleContributions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, LoyaltyMaintenanceJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowAction, AwardPointsAction>());
    }
}
