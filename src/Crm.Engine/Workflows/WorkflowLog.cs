using Microsoft.Extensions.Logging;

namespace Crm.Engine.Workflows;

/// <summary>Source-generated log messages of the workflow runtime (event ids 1200–1299). Ids only, never personal data.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(1200, LogLevel.Information, "Loaded workflow {WorkflowId} version {Version} from {Source}")]
    public static partial void DefinitionLoaded(ILogger logger, string workflowId, int version, string source);

    [LoggerMessage(1201, LogLevel.Information, "Started workflow {WorkflowId} version {Version} instance {InstanceId} in state {State} (tenant {TenantId})")]
    public static partial void Started(ILogger logger, string workflowId, int version, Guid instanceId, string state, string tenantId);

    [LoggerMessage(1202, LogLevel.Debug, "Workflow {WorkflowId} instance {InstanceId} fired {Trigger}: {From} -> {To} (tenant {TenantId})")]
    public static partial void Fired(ILogger logger, string workflowId, Guid instanceId, string trigger, string from, string to, string tenantId);

    [LoggerMessage(1203, LogLevel.Debug, "Workflow instance {InstanceId} ignored a repeated fire of {Trigger}: its idempotency key was processed before (tenant {TenantId})")]
    public static partial void DuplicateFire(ILogger logger, Guid instanceId, string trigger, string tenantId);

    [LoggerMessage(1204, LogLevel.Warning, "Workflow instance {InstanceId} action {Action} on {Trigger} failed on attempt {Attempt}; retrying the step in {DelayMs} ms")]
    public static partial void ActionRetry(ILogger logger, Exception exception, Guid instanceId, string trigger, string action, int attempt, double delayMs);

    [LoggerMessage(1205, LogLevel.Debug, "Workflow instance {InstanceId} changed while firing {Trigger}; retry {Retry} on the reloaded instance")]
    public static partial void ConcurrencyRetry(ILogger logger, Guid instanceId, string trigger, int retry);

    [LoggerMessage(1206, LogLevel.Warning, "Workflow instance {InstanceId} could not fire queued trigger {Trigger}")]
    public static partial void FireAfterFailed(ILogger logger, Exception exception, Guid instanceId, string trigger);

    [LoggerMessage(1207, LogLevel.Information, "Migrated {Count} instances of workflow {WorkflowId} from version {FromVersion} to {ToVersion} (tenant {TenantId})")]
    public static partial void Migrated(ILogger logger, string workflowId, int fromVersion, int toVersion, int count, string tenantId);

    [LoggerMessage(1220, LogLevel.Debug, "Timer {TimerId} fired {Trigger} on workflow instance {InstanceId} (tenant {TenantId})")]
    public static partial void TimerFired(ILogger logger, Guid timerId, string trigger, Guid instanceId, string tenantId);

    [LoggerMessage(1221, LogLevel.Warning, "Timer {TimerId} could not fire {Trigger} on workflow instance {InstanceId}; the timer is dropped")]
    public static partial void TimerDropped(ILogger logger, Exception exception, Guid timerId, string trigger, Guid instanceId);

    [LoggerMessage(1222, LogLevel.Error, "Workflow timer processing failed; it is retried at the next wake-up")]
    public static partial void TimerLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(1223, LogLevel.Information, "Workflow timer scheduler started as lease owner {Owner}")]
    public static partial void SchedulerStarted(ILogger logger, string owner);

    [LoggerMessage(1240, LogLevel.Debug, "Event {EventType} {EventId} did not fire {Trigger} on workflow instance {InstanceId}: {Reason}")]
    public static partial void EventNotApplied(ILogger logger, string eventType, Guid eventId, string trigger, Guid instanceId, string reason);

    [LoggerMessage(1241, LogLevel.Warning, "Event {EventType} {EventId} failed to fire {Trigger} on workflow instance {InstanceId}")]
    public static partial void EventFireFailed(ILogger logger, Exception exception, string eventType, Guid eventId, string trigger, Guid instanceId);
}
