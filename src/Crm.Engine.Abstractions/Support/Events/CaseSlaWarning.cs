using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised once per case and target when the warning share of an SLA target has passed.</summary>
/// <param name="Case">The case.</param>
/// <param name="Milestone">The warning milestone.</param>
/// <param name="DueAt">When the target falls due.</param>
public sealed record CaseSlaWarning(SupportCase Case, SlaMilestone Milestone, DateTimeOffset DueAt) : CrmEvent;
