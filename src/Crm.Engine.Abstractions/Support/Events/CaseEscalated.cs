using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a breach escalates a case (its level goes up, it may move to the escalation team).</summary>
/// <param name="Before">The case before.</param>
/// <param name="After">The case after.</param>
public sealed record CaseEscalated(SupportCase Before, SupportCase After) : CrmEvent;
