using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a case gets a new owner or team (by a strategy, a caller or an escalation).</summary>
/// <param name="Before">The case before.</param>
/// <param name="After">The case after.</param>
public sealed record CaseAssigned(SupportCase Before, SupportCase After) : CrmEvent;
