using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a case changes status, and when its first response is recorded.</summary>
/// <param name="Before">The case before.</param>
/// <param name="After">The case after.</param>
public sealed record CaseStatusChanged(SupportCase Before, SupportCase After) : CrmEvent;
