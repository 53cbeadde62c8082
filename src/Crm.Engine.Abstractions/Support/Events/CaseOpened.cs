using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a support case is opened.</summary>
/// <param name="Case">The case as stored.</param>
public sealed record CaseOpened(SupportCase Case) : CrmEvent;
