namespace Crm.Engine.Analytics;

/// <summary>Churn over the whole period and per bucket.</summary>
/// <param name="Rate">Churn over the whole period.</param>
/// <param name="Trend">Churn per bucket of the period's granularity.</param>
public sealed record ChurnSection(KpiResult Rate, IReadOnlyList<ChurnTrendPoint> Trend);

/// <summary>Churn of one bucket.</summary>
/// <param name="Point">The counts.</param>
/// <param name="Rate">Churned / active at start, or <see langword="null"/> when nobody was active.</param>
public sealed record ChurnTrendPoint(ChurnPoint Point, decimal? Rate);
