namespace Crm.Engine.Sales;

/// <summary>One scoring rule: a lead whose customer record matches <paramref name="Condition"/> earns <paramref name="Points"/>.</summary>
/// <param name="Name">The rule's name, shown in score breakdowns.</param>
/// <param name="Condition">The condition, as condition-language JSON over the customer catalog, relations (interactions, purchases) included.</param>
/// <param name="Points">The points earned (negative to penalise).</param>
public sealed record LeadScoringRule(string Name, string Condition, decimal Points);
