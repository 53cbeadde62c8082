namespace Crm.Engine.Workflows;

/// <summary>Tells whether a trigger can be fired in an instance's current state, and which guards stop it.</summary>
/// <param name="Trigger">The trigger.</param>
/// <param name="IsPermitted">Whether firing it now (with no payload) would transition the instance.</param>
/// <param name="UnmetGuards">The descriptions of the guards that do not hold; empty when permitted.</param>
public sealed record WorkflowTriggerAvailability(string Trigger, bool IsPermitted, IReadOnlyList<string> UnmetGuards);
