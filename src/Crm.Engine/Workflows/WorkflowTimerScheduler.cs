using System.Globalization;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Workflows;

/// <summary>
/// Fires durable workflow timers: one <see cref="TimeProvider"/> timer is armed for the earliest due timer in the
/// database (or the poll interval, for timers other engines write); when it elapses, due timers of every tenant are
/// claimed with a lease and fired, each with the timer's id as idempotency key, so a timer transitions exactly once
/// even when several engines share the database or the process restarts.
/// </summary>
internal sealed class WorkflowTimerScheduler(
    WorkflowRuntime runtime,
    CrmEngine engine,
    IOptions<WorkflowRuntimeOptions> options,
    IOptions<Messaging.MessagingOptions> instance,
    ILogger<WorkflowTimerScheduler> logger) : ICrmEngineComponent, IDisposable
{
    internal const string TimerActor = "timer";

    // One identity per engine instance in every lease (timers, outbox messages, jobs), so an operator can tell whose a lease is.
    private readonly string _owner = instance.Value.InstanceId;
    private DueWorkLoop? _loop;
    private long _firedCount;

    /// <summary>Gets how many timers this scheduler has fired; for tests and diagnostics.</summary>
    internal long FiredCount => Interlocked.Read(ref _firedCount);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunScheduler || runtime.Registry.IsEmpty)
        {
            return;
        }

        try
        {
            await engine.Storage.GetNextWorkflowTimerDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            throw new CrmWorkflowConfigurationException(runtime.Registry.All.First().Definition.Id,
                $"Workflows are registered, but the storage provider '{engine.Storage.Name}' does not store them: {e.Message}");
        }

        _loop = new DueWorkLoop(
            engine.Time,
            FireDueAsync,
            engine.Storage.GetNextWorkflowTimerDueAsync,
            () => options.Value.TimerPollInterval,
            e => WorkflowLog.TimerLoopFailed(logger, e));
        runtime.TimerScheduled = _loop.Notify;
        WorkflowLog.SchedulerStarted(logger, _owner);
        _loop.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.TimerScheduled = null;
        return _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }

    /// <summary>Stops timer processing without waiting; the container may dispose this before the engine stops it.</summary>
    public void Dispose() => _loop?.Dispose();

    /// <summary>Waits until no timer processing is in progress; for tests that advance a manual clock.</summary>
    internal Task WhenIdleAsync() => _loop?.WhenIdleAsync() ?? Task.CompletedTask;

    /// <summary>Claims and fires due timers until a claim comes back short; returns the time of the last claim.</summary>
    private async Task<DateTimeOffset> FireDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            var claim = new WorkflowTimerClaim(engine.Time.GetUtcNow(), _owner, settings.TimerLease, settings.TimerBatchSize);
            var claimed = await engine.Storage.ClaimDueWorkflowTimersAsync(claim, cancellationToken).ConfigureAwait(false);
            foreach (var item in claimed)
            {
                await FireAsync(item, cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count < settings.TimerBatchSize)
            {
                return claim.Now;
            }
        }
    }

    private async Task FireAsync(ClaimedWorkflowTimer item, CancellationToken cancellationToken)
    {
        var timer = item.Timer;
        var caller = CrmCaller.System(item.TenantId, TimerActor, Security.CrmOrigin.Workflow(null));
        try
        {
            var result = await runtime.FireAsync(caller, timer.InstanceId, timer.Trigger, null, "timer:" + timer.Id.ToString("N", CultureInfo.InvariantCulture), timer.Id, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                Interlocked.Increment(ref _firedCount);
                WorkflowMetrics.TimersFired.Add(1);
                WorkflowLog.TimerFired(logger, timer.Id, timer.Trigger, timer.InstanceId, item.TenantId);
            }
        }
        catch (CrmException e)
        {
            // Not permitted in the current state, or an action failed after its retries: the timeout has had its chance.
            WorkflowLog.TimerDropped(logger, e, timer.Id, timer.Trigger, timer.InstanceId);
            var session = await engine.Storage.OpenSessionAsync(item.TenantId, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                await session.Workflows.DeleteTimerAsync(timer.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
