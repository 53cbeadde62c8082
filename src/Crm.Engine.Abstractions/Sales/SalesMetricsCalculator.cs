namespace Crm.Engine.Sales;

/// <summary>Derives <see cref="SalesMetrics"/> from <see cref="SalesAggregates"/>; see <see cref="SalesMetrics"/> for the formulas.</summary>
public static class SalesMetricsCalculator
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="sums">The provider's sums.</param>
    /// <returns>The metrics; undefined ratios are <see langword="null"/>.</returns>
    public static SalesMetrics Compute(SalesAggregates sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var closed = sums.Won + sums.Lost;
        decimal? winRate = closed == 0 ? null : Round4((decimal)sums.Won / closed);
        decimal? averageSize = sums.Won == 0 ? null : decimal.Round(sums.WonAmount / sums.Won, 2, MidpointRounding.AwayFromZero);
        decimal? cycleDays = sums.Won == 0 ? null : Round4((decimal)sums.WonCycleTicks / TimeSpan.TicksPerDay / sums.Won);

        // Velocity uses the rounded factors so the published figures reproduce it by hand.
        decimal? velocity = winRate is { } w && averageSize is { } a && cycleDays is { } c && c > 0
            ? Round4(sums.OpenDeals * w * a / c)
            : null;
        var conversions = sums.StageConversions
            .Select(s => s with { Rate = s.Entered == 0 ? null : Round4((decimal)s.Advanced / s.Entered) })
            .ToList();
        return new SalesMetrics(sums.OpenDeals, sums.OpenAmount, sums.Won, sums.Lost, winRate, averageSize, cycleDays, velocity, conversions);
    }

    private static decimal Round4(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);
}
