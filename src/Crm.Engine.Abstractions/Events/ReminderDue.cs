namespace Crm.Engine.Events;

/// <summary>Raised when a follow-up reminder is due; the reminder is also on the customer's timeline as <paramref name="Interaction"/>.</summary>
/// <param name="Interaction">The internal interaction recording the reminder.</param>
/// <param name="AssignedTo">The user to remind, if any.</param>
/// <param name="Note">What to do.</param>
public sealed record ReminderDue(Interaction Interaction, string? AssignedTo, string Note) : CrmEvent;
