using System.Globalization;
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
    ILogger<WorkflowTimerScheduler> logger) : ICrmEngineComponent, IDisposable
{
    internal const string TimerActor = "timer";

    private static readonly TimeSpan ClockJumpTolerance = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly string _owner = "engine-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private bool _again;
    private bool _stopped;

    /// <summary>Gets how many timers this scheduler has fired; for tests and diagnostics.</summary>
    internal long FiredCount => Interlocked.Read(ref _firedCount);

    private long _firedCount;

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

        runtime.TimerScheduled = OnTimerScheduled;
        _timer = engine.Time.CreateTimer(static state => ((WorkflowTimerScheduler)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        WorkflowLog.SchedulerStarted(logger, _owner);

        // Timers that fell due while no engine ran fire right away.
        Wake();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lock)
        {
            _stopped = true;
            loop = _loop;
        }

        runtime.TimerScheduled = null;
        Cancel();
        try
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The loop was told to stop; its cancellation is expected.
        }
    }

    /// <summary>Stops timer processing without waiting; the container may dispose this before the engine stops it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        Cancel();
    }

    // The token source is cancelled, never disposed: a loop still finishing may read its token after the container
    // disposed this component, and a cancelled source without linked tokens or timers holds nothing to release.
    private void Cancel()
    {
        _stopping.Cancel();
        _timer?.Dispose();
    }

    /// <summary>Waits until no timer processing is in progress; for tests that advance a manual clock.</summary>
    internal async Task WhenIdleAsync()
    {
        while (true)
        {
            Task loop;
            lock (_lock)
            {
                loop = _loop;
                if (!_running)
                {
                    return;
                }
            }

            await loop.ConfigureAwait(false);
        }
    }

    private void OnTimerScheduled(DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            if (_stopped || _timer is null || (_armedFor is { } armed && armed <= dueAt))
            {
                return;
            }

            Arm(dueAt);
        }
    }

    private void Wake()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (_running)
            {
                _again = true;
                return;
            }

            _running = true;
            _armedFor = null;
            _loop = Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            DateTimeOffset? next = null;
            var claimedUpTo = DateTimeOffset.MaxValue;
            try
            {
                claimedUpTo = await FireDueAsync(_stopping.Token).ConfigureAwait(false);
                next = await engine.Storage.GetNextWorkflowTimerDueAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduler must survive a failing round (database busy, provider error) and try again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                WorkflowLog.TimerLoopFailed(logger, e);
            }

            lock (_lock)
            {
                // A timer that fell due while this round ran (the clock moved on) is fired now rather than re-armed.
                // A timer that fell due after this round's last claim is fired now. One that was already due then but was
                // not claimed is leased by another engine: wait for the poll instead of spinning on it.
                var now = engine.Time.GetUtcNow();
                var dueNow = next is { } upcoming && upcoming <= now && upcoming > claimedUpTo;
                if ((_again || dueNow) && !_stopped)
                {
                    _again = false;
                    continue;
                }

                _running = false;
                if (!_stopped)
                {
                    var poll = now + options.Value.TimerPollInterval;
                    Arm(next is { } due && due < poll && due > now ? due : poll);
                }

                return;
            }
        }
    }

    private void Arm(DateTimeOffset dueAt)
    {
        _armedFor = dueAt;

        // ITimer takes a relative delay. If the clock jumped while it was set (a manual clock advanced by another
        // thread), the timer would fire late by the jump: set it again from the new time until the clock held still.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var before = engine.Time.GetUtcNow();
            var delay = dueAt - before;
            _timer!.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            if (engine.Time.GetUtcNow() - before < ClockJumpTolerance)
            {
                return;
            }
        }
    }

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
        var caller = new CrmCaller(item.TenantId, TimerActor);
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
