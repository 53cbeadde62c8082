namespace Crm.Engine.Workflows;

/// <summary>
/// Reports a trigger that the instance's current state does not accept (no transition, or every guard unmet), or a
/// fire on a completed instance. Nothing was written.
/// </summary>
public sealed class CrmWorkflowTriggerException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The state the instance is in.</param>
    /// <param name="trigger">The trigger that was refused.</param>
    /// <param name="unmetGuards">The descriptions of the guards that did not hold; empty when no transition exists.</param>
    /// <param name="message">The message, or <see langword="null"/> to describe the refusal from the other arguments.</param>
    public CrmWorkflowTriggerException(Guid instanceId, string state, string trigger, IReadOnlyList<string> unmetGuards, string? message = null)
        : base(message ?? Describe(instanceId, state, trigger, unmetGuards))
    {
        InstanceId = instanceId;
        State = state;
        Trigger = trigger;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the state the instance is in.</summary>
    public string State { get; }

    /// <summary>Gets the refused trigger.</summary>
    public string Trigger { get; }

    /// <summary>Gets the descriptions of the guards that did not hold.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }

    private static string Describe(Guid instanceId, string state, string trigger, IReadOnlyList<string> unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(unmetGuards);
        return unmetGuards.Count == 0
            ? $"Workflow instance '{instanceId}' in state '{state}' has no transition for trigger '{trigger}'. Check the definition's transitions or call GetPermittedTriggersAsync first."
            : $"Workflow instance '{instanceId}' in state '{state}' cannot fire '{trigger}': guard conditions not met: {string.Join(", ", unmetGuards.Select(g => $"'{g}'"))}.";
    }
}
