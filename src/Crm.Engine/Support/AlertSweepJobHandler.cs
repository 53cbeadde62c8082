using Crm.Engine.Scheduling;

namespace Crm.Engine.Support;

/// <summary>Runs the scheduled sweep of every alert rule for the job's tenant.</summary>
internal sealed class AlertSweepJobHandler(CrmEngine engine) : IScheduledJobHandler
{
    public string Kind => AlertService.SweepJobKind;

    public Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AlertService(engine, CrmCaller.System(context.Job.TenantId)).EvaluateAsync(null, cancellationToken);
    }
}
