namespace Crm.Engine.Sales;

/// <summary>
/// The raw sums a storage provider computes in SQL for <see cref="SalesMetrics"/>; the engine derives the ratios
/// with <see cref="SalesMetricsCalculator"/>, so every provider rounds the same way.
/// </summary>
/// <param name="OpenDeals">Open deals now.</param>
/// <param name="OpenAmount">Their total amount.</param>
/// <param name="Won">Deals won in the window.</param>
/// <param name="Lost">Deals lost in the window.</param>
/// <param name="WonAmount">Total amount of the won deals.</param>
/// <param name="WonCycleTicks">Sum over won deals of (closed at - created at), in ticks.</param>
/// <param name="StageConversions">Entered and advanced counts per working stage, in pipeline order (rates unset).</param>
public sealed record SalesAggregates(int OpenDeals, decimal OpenAmount, int Won, int Lost, decimal WonAmount, long WonCycleTicks, IReadOnlyList<StageConversion> StageConversions);
