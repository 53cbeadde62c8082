using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised once per case and target when an SLA target has passed unmet.</summary>
/// <param name="Case">The case.</param>
/// <param name="Milestone">The breach milestone.</param>
/// <param name="DueAt">When the target fell due.</param>
public sealed record CaseSlaBreached(SupportCase Case, SlaMilestone Milestone, DateTimeOffset DueAt) : CrmEvent;
