namespace Crm.Engine.Analytics;

/// <summary>Names a KPI and documents how it is computed.</summary>
/// <param name="Key">The stable machine key, such as <c>cac</c>.</param>
/// <param name="Name">The human-readable name.</param>
/// <param name="Formula">The formula in words, as in <c>docs/analytics.md</c>.</param>
/// <param name="Unit">The unit: a currency placeholder <c>money</c>, <c>ratio</c> (0 to 1), <c>count</c>, or <c>perYear</c>.</param>
public sealed record KpiDefinition(string Key, string Name, string Formula, string Unit);
