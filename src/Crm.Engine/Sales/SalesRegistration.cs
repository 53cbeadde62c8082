using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.Sales;

/// <summary>Registers what sales adds to the engine: the deal workflow entity resolver and the merge participant.</summary>
internal static class SalesRegistration
{
    public static void AddSalesCore(IServiceCollection services)
    {
        services.AddOptions<SalesOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowEntityResolver, DealWorkflowEntityResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMergeParticipant, SalesMergeParticipant>());
    }
}
