namespace Crm.Engine.Events;

/// <summary>
/// Serves as the base of every domain event the engine raises after a change is committed.
/// </summary>
public abstract record CrmEvent
{
    /// <summary>Gets the event's unique identifier, usable as an idempotency key by handlers.</summary>
    public required Guid EventId { get; init; }

    /// <summary>Gets the tenant the change happened in.</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets when the change was committed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the user or plugin that caused the change.</summary>
    public string? Actor { get; init; }
}
