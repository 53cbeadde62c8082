namespace Crm.Engine.Analytics;

/// <summary>Revenue over the period and per bucket.</summary>
/// <param name="Totals">The purchases in the period.</param>
/// <param name="Trend">One point per bucket.</param>
public sealed record RevenueSection(OrderTotals Totals, IReadOnlyList<RevenuePoint> Trend);
