using Crm.Engine.Storage;

namespace Crm.Engine.Scheduling;

/// <summary>Schedules, cancels and lists one tenant's jobs. Obtained from <see cref="ICrmContext.Scheduler"/>.</summary>
public interface IJobScheduler
{
    /// <summary>Schedules a job; inside <see cref="ICrmContext.TransactAsync"/> it commits with the rest of the work.</summary>
    /// <param name="request">The job.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored job.</returns>
    /// <exception cref="CrmValidationException">The kind has no handler, the payload is not JSON, or the interval is too short.</exception>
    Task<ScheduledJob> ScheduleAsync(JobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending job.</summary>
    /// <param name="key">The job's key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no pending job has that key.</returns>
    Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Gets a job by key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The job, or <see langword="null"/>.</returns>
    Task<ScheduledJob?> FindAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists jobs, soonest due first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page.</returns>
    Task<Page<ScheduledJob>> ListAsync(ScheduledJobQuery query, CancellationToken cancellationToken = default);
}
