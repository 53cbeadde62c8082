namespace Crm.Engine.Scheduling;

/// <summary>
/// A unit of work due at a time: a follow-up reminder, a recurring report, a routine task. Stored by the storage
/// provider and leased to one engine instance when due, so with several instances on one database it runs once.
/// </summary>
public sealed record ScheduledJob
{
    /// <summary>Gets the job id.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the kind, which names the <see cref="IScheduledJobHandler"/> that runs it.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the key that makes the job unique in its tenant, such as <c>follow-up:{interaction id}</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the handler's input as JSON text.</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>Gets when the job is next due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Gets the interval a recurring job repeats at; <see langword="null"/> for a one-off job.</summary>
    public TimeSpan? RepeatEvery { get; init; }

    /// <summary>Gets the status.</summary>
    public ScheduledJobStatus Status { get; init; }

    /// <summary>Gets how many consecutive runs failed (reset by a success).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the last failure, if any; never personal data.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when the job was scheduled.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
