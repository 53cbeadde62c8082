using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

public sealed class SalesCalculatorTests
{
    [Fact]
    public void QuoteTotals_LineAndQuoteDiscountsAndMixedTaxRates_RoundPerLineAwayFromZero()
    {
        QuoteLine[] lines =
        [
            new("A-1", "Widget", 3, 19.99m) { DiscountPercent = 10, TaxRatePercent = 20 },
            new("B-2", "Service", 1, 10.005m) { TaxRatePercent = 7 },
        ];

        var totals = QuoteCalculator.Compute(lines, quoteDiscountPercent: 5);

        // A: gross 3 x 19.99 = 59.97; line discount 5.997 -> 6.00; quote share 5 % of 53.97 = 2.6985 -> 2.70;
        //    net 51.27; tax 20 % = 10.254 -> 10.25.
        // B: gross 10.005 -> 10.01 (midpoint away from zero; banker's would give 10.00); quote share 0.5005 -> 0.50;
        //    net 9.51; tax 7 % = 0.6657 -> 0.67.
        Assert.Equal(69.98m, totals.Subtotal);      // 59.97 + 10.01
        Assert.Equal(6.00m, totals.LineDiscounts);
        Assert.Equal(3.20m, totals.QuoteDiscount);  // 2.70 + 0.50
        Assert.Equal(60.78m, totals.Net);           // 69.98 - 6.00 - 3.20 = 51.27 + 9.51
        Assert.Equal(10.92m, totals.Tax);           // 10.25 + 0.67
        Assert.Equal(71.70m, totals.Total);         // 60.78 + 10.92
        Assert.Equal([51.27m, 9.51m], totals.LineNets);
    }

    [Fact]
    public void QuoteTotals_TaxExactlyOnTheHalfCent_RoundsUp()
    {
        var totals = QuoteCalculator.Compute([new QuoteLine("C-3", "Cable", 1, 2.50m) { TaxRatePercent = 5 }], 0);

        // 5 % of 2.50 = 0.125 -> 0.13 away from zero (0.12 with banker's rounding).
        Assert.Equal(0.13m, totals.Tax);
        Assert.Equal(2.63m, totals.Total);
    }

    [Fact]
    public void Metrics_WonLostAndOpen_HandComputed()
    {
        var sums = new SalesAggregates(OpenDeals: 4, OpenAmount: 20_000m, Won: 3, Lost: 1, WonAmount: 30_000m,
            WonCycleTicks: TimeSpan.FromDays(90).Ticks, StageConversions: [new StageConversion("a", 8, 3, null)]);

        var metrics = SalesMetricsCalculator.Compute(sums);

        Assert.Equal(0.75m, metrics.WinRate);              // 3 / (3 + 1)
        Assert.Equal(10_000m, metrics.AverageDealSize);    // 30,000 / 3
        Assert.Equal(30m, metrics.AverageCycleDays);       // 90 days / 3
        Assert.Equal(1_000m, metrics.Velocity);            // 4 x 0.75 x 10,000 / 30
        Assert.Equal(0.375m, Assert.Single(metrics.StageConversions).Rate); // 3 / 8
    }

    [Fact]
    public void Metrics_NoClosedDeals_RatiosAreUndefinedNotZero()
    {
        var metrics = SalesMetricsCalculator.Compute(new SalesAggregates(2, 500m, 0, 0, 0m, 0, [new StageConversion("a", 0, 0, null)]));

        Assert.Null(metrics.WinRate);
        Assert.Null(metrics.AverageDealSize);
        Assert.Null(metrics.AverageCycleDays);
        Assert.Null(metrics.Velocity);
        Assert.Null(Assert.Single(metrics.StageConversions).Rate);
        Assert.Equal(2, metrics.OpenDeals);
    }

    [Fact]
    public void Metrics_OnlyLostDeals_WinRateZeroButSizeAndVelocityUndefined()
    {
        var metrics = SalesMetricsCalculator.Compute(new SalesAggregates(3, 900m, 0, 2, 0m, 0, []));

        Assert.Equal(0m, metrics.WinRate); // 0 / (0 + 2)
        Assert.Null(metrics.AverageDealSize);
        Assert.Null(metrics.Velocity);
    }

    [Fact]
    public void ScoreDecay_HalfLife_HalvesPerHalfLifeAndNeverGrows()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var halfLife = TimeSpan.FromDays(10);

        Assert.Equal(40m, LeadScoreDecay.Decay(80m, at, at.AddDays(10), halfLife));    // 80 x 0.5
        Assert.Equal(20m, LeadScoreDecay.Decay(80m, at, at.AddDays(20), halfLife));    // 80 x 0.25
        Assert.Equal(56.5685m, LeadScoreDecay.Decay(80m, at, at.AddDays(5), halfLife)); // 80 x 0.5^0.5 = 56.56854...
        Assert.Equal(80m, LeadScoreDecay.Decay(80m, at, at.AddDays(-3), halfLife));
        Assert.Equal(80m, LeadScoreDecay.Decay(80m, at, at.AddDays(30), halfLife: null));
    }
}
