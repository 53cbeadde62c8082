namespace Crm.Engine.Sales;

/// <summary>The outcome of scoring a lead.</summary>
/// <param name="Lead">The lead as stored after scoring.</param>
/// <param name="DecayedBefore">The previous score decayed to now.</param>
/// <param name="MatchedRules">The names of the rules that matched.</param>
/// <param name="CrossedThreshold">Whether this scoring crossed the threshold upwards.</param>
public sealed record LeadScoreResult(LeadProfile Lead, decimal DecayedBefore, IReadOnlyList<string> MatchedRules, bool CrossedThreshold);
