namespace Crm.Engine.Workflows;

/// <summary>
/// Fires a trigger on a workflow instance at a due time. Timers are written in the same transaction as the state
/// change that started them and deleted in the one that leaves <see cref="State"/>, so they never outlive their state.
/// </summary>
public sealed record WorkflowTimer
{
    /// <summary>Gets the timer's identifier; it is part of the idempotency key of the fire, so a timer transitions once.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant of the instance.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the instance the timer fires on.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>Gets the trigger to fire.</summary>
    public required string Trigger { get; init; }

    /// <summary>Gets the state whose entry started the timer; leaving it cancels the timer.</summary>
    public required string State { get; init; }

    /// <summary>Gets when the timer is due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Gets when the timer was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
