using Crm.Engine.Analytics;

namespace Crm.Engine.AspNetCore.Reports;

/// <summary>The headline KPIs of a period: the report's tiles without its sections.</summary>
/// <param name="Period">The period.</param>
/// <param name="Currency">The currency amounts are counted in.</param>
/// <param name="GeneratedAt">When they were computed.</param>
/// <param name="Kpis">The values, each with its definition, inputs and, when undefined, the reason.</param>
public sealed record KpiReport(ReportPeriod Period, string Currency, DateTimeOffset GeneratedAt, IReadOnlyList<KpiResult> Kpis);
