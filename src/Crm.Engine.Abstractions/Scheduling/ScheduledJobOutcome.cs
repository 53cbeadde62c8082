namespace Crm.Engine.Scheduling;

/// <summary>
/// What an engine instance reports after running a leased job. Applied only while <paramref name="LeaseOwner"/> still
/// holds the lease.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="LeaseOwner">The instance that claimed it.</param>
/// <param name="Status">The new status: <see cref="ScheduledJobStatus.Pending"/> to run again at <paramref name="NextDueAt"/> (a recurring job or a retry).</param>
/// <param name="NextDueAt">When it runs next, for <see cref="ScheduledJobStatus.Pending"/>.</param>
/// <param name="Attempts">The consecutive failure count to store.</param>
/// <param name="Error">The failure, if the run failed.</param>
/// <param name="Now">The current time.</param>
public sealed record ScheduledJobOutcome(
    Guid JobId,
    string LeaseOwner,
    ScheduledJobStatus Status,
    DateTimeOffset? NextDueAt,
    int Attempts,
    string? Error,
    DateTimeOffset Now);
