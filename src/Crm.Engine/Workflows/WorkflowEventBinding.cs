using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>Fires a trigger when a domain event matches: <c>{"event": "interactionRecorded", "where": {...}}</c>.</summary>
/// <param name="Event">The event name, such as <c>interactionRecorded</c>.</param>
/// <param name="Where">The condition over the event's record, or <see langword="null"/> for every such event.</param>
public sealed record WorkflowEventBinding(string Event, Condition? Where);
