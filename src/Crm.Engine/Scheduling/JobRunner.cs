using Crm.Engine.Messaging;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Scheduling;

/// <summary>
/// Runs scheduled jobs: claims due jobs of every tenant with a lease, runs each with the handler of its kind, and
/// records the outcome while the lease is still ours (a recurring job goes back to pending at its next slot; a failed
/// one is retried with backoff, then marked failed).
/// </summary>
internal sealed class JobRunner(
    CrmEngine engine,
    IServiceProvider services,
    IOptions<MessagingOptions> options,
    ILogger<JobRunner> logger) : ICrmEngineComponent, IDisposable
{
    private DueWorkLoop? _loop;
    private long _runs;

    private MessagingOptions Settings => options.Value;

    /// <summary>Gets how many job runs this runner finished; for tests and diagnostics.</summary>
    internal long RunCount => Interlocked.Read(ref _runs);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Settings.RunJobs)
        {
            return;
        }

        try
        {
            await engine.Storage.GetNextJobDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            MessagingLog.JobsNotSupported(logger, engine.Storage.Name);
            return;
        }

        _loop = new DueWorkLoop(engine.Time, RunDueAsync, engine.Storage.GetNextJobDueAsync, () => Settings.PollInterval, e => MessagingLog.JobRoundFailed(logger, e));
        MessagingLog.JobRunnerStarted(logger, Settings.InstanceId);
        _loop.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _loop?.Dispose();

    internal void Notify(DateTimeOffset dueAt) => _loop?.Notify(dueAt);

    internal Task WhenIdleAsync() => _loop?.WhenIdleAsync() ?? Task.CompletedTask;

    private async Task<DateTimeOffset> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = Settings;
        while (true)
        {
            var claim = new LeaseClaim(engine.Time.GetUtcNow(), settings.InstanceId, settings.JobLeaseDuration, settings.BatchSize);
            var claimed = await engine.Storage.ClaimDueJobsAsync(claim, cancellationToken).ConfigureAwait(false);
            foreach (var item in claimed)
            {
                await RunAsync(item.Job, cancellationToken).ConfigureAwait(false);
            }

            if (claimed.Count < settings.BatchSize)
            {
                return claim.Now;
            }
        }
    }

    private async Task RunAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.job.run");
        activity?.SetTag("crm.tenant", job.TenantId);
        activity?.SetTag("crm.job.kind", job.Kind);
        var handler = services.GetServices<IScheduledJobHandler>().FirstOrDefault(h => string.Equals(h.Kind, job.Kind, StringComparison.Ordinal));
        ScheduledJobOutcome outcome;
        if (handler is null)
        {
            MessagingLog.JobWithoutHandler(logger, job.Id, job.Kind, job.TenantId);
            outcome = new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Failed, null, job.Attempts + 1, $"No handler for job kind '{job.Kind}'.", engine.Time.GetUtcNow());
        }
        else
        {
            outcome = await InvokeAsync(handler, job, cancellationToken).ConfigureAwait(false);
        }

        MessagingMetrics.JobsRun.Add(1, new KeyValuePair<string, object?>("kind", job.Kind), new KeyValuePair<string, object?>("outcome", outcome.Error is null ? "succeeded" : "failed"));
        var session = await engine.Storage.OpenSessionAsync(job.TenantId, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (!await session.Jobs.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false))
            {
                MessagingLog.JobLeaseLost(logger, job.Id, Settings.InstanceId);
            }
        }

        Interlocked.Increment(ref _runs);
    }

    private async Task<ScheduledJobOutcome> InvokeAsync(IScheduledJobHandler handler, ScheduledJob job, CancellationToken cancellationToken)
    {
        var context = new ScheduledJobContext { Job = job, Crm = engine.ForCaller(CrmCaller.System(job.TenantId)), Now = engine.Time.GetUtcNow() };
        using var timeout = new CancellationTokenSource(Settings.JobTimeout, engine.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            try
            {
                await handler.RunAsync(context, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The job ran longer than MessagingOptions.JobTimeout ({Settings.JobTimeout}).", e);
            }

            var now = engine.Time.GetUtcNow();
            return job.RepeatEvery is { } every
                ? new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Pending, NextSlot(job.DueAt, every, now), 0, null, now)
                : new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Completed, null, 0, null, now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing job is retried or marked failed; it never stops the runner.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var attempts = job.Attempts + 1;
            MessagingLog.JobFailed(logger, e, job.Id, job.Kind, attempts, job.TenantId);
            var now = engine.Time.GetUtcNow();
            var error = $"{e.GetType().Name}: {e.Message}";
            if (attempts >= Settings.JobMaxAttempts)
            {
                // A recurring job keeps its schedule; only this run is given up.
                return job.RepeatEvery is { } every
                    ? new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Pending, NextSlot(job.DueAt, every, now), 0, error, now)
                    : new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Failed, null, attempts, error, now);
            }

            var retryAt = now + RetryBackoff.Delay(attempts, Settings.RetryBaseDelay, Settings.RetryMaxDelay, 0.5, Random.Shared.NextDouble());
            return new ScheduledJobOutcome(job.Id, Settings.InstanceId, ScheduledJobStatus.Pending, retryAt, attempts, error, now);
        }
    }

    /// <summary>The first slot after now on the job's grid, so a job that was down for a while runs once, not once per missed slot.</summary>
    internal static DateTimeOffset NextSlot(DateTimeOffset dueAt, TimeSpan every, DateTimeOffset now)
    {
        if (dueAt > now)
        {
            return dueAt + every;
        }

        var missed = (long)((now - dueAt).Ticks / every.Ticks) + 1;
        return dueAt + TimeSpan.FromTicks(every.Ticks * missed);
    }
}
