namespace Crm.Engine.Workflows;

/// <summary>Records one processed trigger of a workflow instance; the history is append-only.</summary>
/// <remarks>
/// Runtime steps that are not triggers use names that are not valid trigger names: <c>$start</c> when an instance
/// starts, <c>$migrate</c> when a migration moves it to another definition version, and <c>$merge</c> when a customer
/// merge moves it to the surviving customer (state unchanged) or closes it because the survivor already runs the same
/// workflow.
/// </remarks>
public sealed record WorkflowHistoryEntry
{
    /// <summary>Gets the instance.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>Gets the position in the instance's history: the instance version the step produced, increasing by one per step.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the step was committed, from the engine's clock.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the trigger, or <c>$start</c> / <c>$migrate</c> / <c>$merge</c> for runtime steps.</summary>
    public required string Trigger { get; init; }

    /// <summary>Gets the state before the step, or <see langword="null"/> for <c>$start</c>.</summary>
    public string? FromState { get; init; }

    /// <summary>Gets the state after the step (equal to <see cref="FromState"/> for internal transitions).</summary>
    public required string ToState { get; init; }

    /// <summary>Gets the trigger's payload as JSON text, or <see langword="null"/> when it had none.</summary>
    public string? PayloadJson { get; init; }

    /// <summary>Gets who fired the trigger: a user id, <c>system</c>, <c>timer</c> or <c>event:&lt;type&gt;</c>.</summary>
    public string? Actor { get; init; }

    /// <summary>Gets the idempotency key the step was processed under.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the definition version the instance followed after the step.</summary>
    public required int WorkflowVersion { get; init; }
}
