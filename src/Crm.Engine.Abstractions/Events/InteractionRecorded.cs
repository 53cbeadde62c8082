namespace Crm.Engine.Events;

/// <summary>Raised after an interaction is stored; workflows use it to fire triggers such as <c>replied</c>.</summary>
/// <param name="Interaction">The stored interaction.</param>
public sealed record InteractionRecorded(Interaction Interaction) : CrmEvent;
