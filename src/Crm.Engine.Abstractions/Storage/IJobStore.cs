using Crm.Engine.Scheduling;

namespace Crm.Engine.Storage;

/// <summary>Stores one tenant's scheduled jobs. Obtained from <see cref="IStorageSession.Jobs"/>, so scheduling joins the session's transaction.</summary>
/// <remarks>Prove an implementation with <c>JobStorageConformanceTests</c> from <c>Crm.Engine.Testing</c>.</remarks>
public interface IJobStore
{
    /// <summary>
    /// Schedules a job. When the tenant already has a job with the same <see cref="ScheduledJob.Key"/>: with
    /// <paramref name="replace"/> the existing job is replaced (due time, payload, interval; status back to pending,
    /// attempts reset, any lease dropped); without it nothing is written and the existing job is returned.
    /// </summary>
    /// <param name="job">The job, with id, status <see cref="ScheduledJobStatus.Pending"/> and timestamps set.</param>
    /// <param name="replace">Whether to replace an existing job with the same key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored job.</returns>
    Task<ScheduledJob> ScheduleAsync(ScheduledJob job, bool replace, CancellationToken cancellationToken);

    /// <summary>Gets a job by key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The job, or <see langword="null"/>.</returns>
    Task<ScheduledJob?> FindByKeyAsync(string key, CancellationToken cancellationToken);

    /// <summary>Cancels a pending job.</summary>
    /// <param name="key">The job's key.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no pending job has that key.</returns>
    Task<bool> CancelAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Applies the outcome of a run, only while the reporting instance still holds the job's lease; clears the lease.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when the lease was lost: nothing was written.</returns>
    Task<bool> CompleteAsync(ScheduledJobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Lists jobs, soonest due first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page of jobs.</returns>
    Task<Page<ScheduledJob>> ListAsync(ScheduledJobQuery query, CancellationToken cancellationToken);
}
