namespace Crm.Engine.Scheduling;

/// <summary>What a scheduled job handler gets to work with.</summary>
public sealed record ScheduledJobContext
{
    /// <summary>Gets the job being run.</summary>
    public required ScheduledJob Job { get; init; }

    /// <summary>Gets the engine context of the job's tenant, as the system caller.</summary>
    public required ICrmContext Crm { get; init; }

    /// <summary>Gets the current time from the engine's clock.</summary>
    public required DateTimeOffset Now { get; init; }
}
