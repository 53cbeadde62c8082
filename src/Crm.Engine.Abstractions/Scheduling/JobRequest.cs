namespace Crm.Engine.Scheduling;

/// <summary>Asks the engine to run a job of a registered kind at a time, once or repeatedly.</summary>
public sealed record JobRequest
{
    /// <summary>Gets the job kind; a handler for it must be registered.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the key that makes the job unique in the tenant.</summary>
    public required string Key { get; init; }

    /// <summary>Gets when the job is due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Gets the handler's input as JSON text.</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>Gets the interval a recurring job repeats at (at least one second); <see langword="null"/> for a one-off job.</summary>
    public TimeSpan? RepeatEvery { get; init; }

    /// <summary>Gets whether an existing job with the same key is replaced; otherwise the existing job is kept and returned.</summary>
    public bool Replace { get; init; }
}
