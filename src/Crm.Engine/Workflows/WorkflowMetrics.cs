using System.Diagnostics.Metrics;

namespace Crm.Engine.Workflows;

/// <summary>Holds the workflow runtime's counters.</summary>
internal static class WorkflowMetrics
{
    public static Counter<long> Transitions { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.workflow.transitions", "{transition}", "Workflow triggers that transitioned an instance, tagged by workflow.");

    public static Counter<long> TimersFired { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.workflow.timers_fired", "{timer}", "Durable workflow timers fired.");

    public static Counter<long> ActionFailures { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.workflow.action_failures", "{step}", "Workflow steps rolled back because an action failed after retries.");
}
