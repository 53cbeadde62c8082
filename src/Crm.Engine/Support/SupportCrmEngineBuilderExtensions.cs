using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Crm.Engine.Support;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine;

/// <summary>Configures support cases, SLAs, alert rules and the knowledge base on the engine builder.</summary>
public static class SupportCrmEngineBuilderExtensions
{
    /// <summary>Configures support: SLA policies, teams, alert rules, inbound filing.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureSupport(this ICrmEngineBuilder builder, Action<SupportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddSupport(builder.Services);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Registers the support singletons: SLA and alert jobs, the interaction hook, the merge participant, the openCase action.</summary>
    internal static void AddSupport(IServiceCollection services)
    {
        services.AddOptions<SupportOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, SlaJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, AlertSweepJobHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<InteractionRecorded>, SupportInteractionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<CaseOpened>, SupportCaseAlertHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMergeParticipant, SupportMergeParticipant>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Workflows.IWorkflowEntityResolver, CaseWorkflowEntityResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowAction, OpenCaseAction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, SupportOptionsCheck>());
    }
}
