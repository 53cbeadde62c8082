namespace Crm.Engine.Campaigns;

/// <summary>What one computation of association rules produced.</summary>
/// <param name="ComputedAt">When.</param>
/// <param name="Purchases">The purchases (transactions with lines) considered.</param>
/// <param name="Rules">The rules stored.</param>
public sealed record AssociationRuleSummary(DateTimeOffset ComputedAt, long Purchases, long Rules);
