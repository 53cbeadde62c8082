using Crm.Engine.Scheduling;

namespace Crm.Plugins.Storage.Leasing;

/// <summary>Checks what the job stores of every first-party provider are given, so they refuse the same input with the same errors.</summary>
internal static class JobArguments
{
    /// <summary>Checks a job to schedule in a session of <paramref name="sessionTenant"/>.</summary>
    /// <exception cref="CrmTenantMismatchException">The job belongs to another tenant.</exception>
    /// <exception cref="ArgumentException">It has no key or kind, is not pending, or repeats at an interval that is not positive.</exception>
    public static void CheckSchedule(ScheduledJob job, string sessionTenant)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!string.Equals(job.TenantId, sessionTenant, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(sessionTenant, job.TenantId);
        }

        ArgumentException.ThrowIfNullOrEmpty(job.Key, nameof(job) + "." + nameof(job.Key));
        ArgumentException.ThrowIfNullOrEmpty(job.Kind, nameof(job) + "." + nameof(job.Kind));
        if (job.Status != ScheduledJobStatus.Pending)
        {
            throw new ArgumentException($"A job is scheduled as {ScheduledJobStatus.Pending}, not {job.Status} (job '{job.Key}').", nameof(job));
        }

        if (job.RepeatEvery is { } every && every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(job), every, $"The repeat interval of job '{job.Key}' must be positive.");
        }
    }

    /// <summary>Checks the outcome of a run to apply.</summary>
    /// <exception cref="ArgumentException">It has no lease owner, negative attempts, or keeps the job pending without a next due time.</exception>
    public static void CheckOutcome(ScheduledJobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrEmpty(outcome.LeaseOwner, nameof(outcome) + "." + nameof(outcome.LeaseOwner));
        ArgumentOutOfRangeException.ThrowIfNegative(outcome.Attempts, nameof(outcome) + "." + nameof(outcome.Attempts));
        if (outcome.Status == ScheduledJobStatus.Pending && outcome.NextDueAt is null)
        {
            throw new ArgumentException($"The outcome of job {outcome.JobId} keeps it {ScheduledJobStatus.Pending} but gives no NextDueAt.", nameof(outcome));
        }
    }
}
