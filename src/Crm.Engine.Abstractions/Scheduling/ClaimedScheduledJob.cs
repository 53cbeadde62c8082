namespace Crm.Engine.Scheduling;

/// <summary>A scheduled job leased to one engine instance until <paramref name="LeaseExpiresAt"/>.</summary>
/// <param name="Job">The job.</param>
/// <param name="LeaseExpiresAt">When another instance may claim it if this one has not reported back.</param>
public sealed record ClaimedScheduledJob(ScheduledJob Job, DateTimeOffset LeaseExpiresAt);
