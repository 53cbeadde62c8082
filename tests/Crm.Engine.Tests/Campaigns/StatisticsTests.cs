using Crm.Engine.Campaigns;

namespace Crm.Engine.Tests.Campaigns;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(1.96, 0.9750021048517795)]
    [InlineData(2.5758293035489, 0.995)]
    [InlineData(-3.0, 0.0013498980316300957)]
    [InlineData(3.5, 0.9997673709209645)]
    public void NormalCdf_MatchesTables(double z, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(z), 6);

    [Theory]
    [InlineData(1.96, 0.04999579029644087)]
    [InlineData(-1.96, 0.04999579029644087)]
    [InlineData(2.5758293035489, 0.01)]
    [InlineData(3.0, 0.0026997960632601913)]
    [InlineData(0.0, 1.0)]
    public void TwoSidedP_MatchesTables(double z, double expected) =>
        Assert.Equal(expected, NormalDistribution.TwoSidedP(z), 6);

    [Fact]
    public void AbTest_PooledTwoProportionZ()
    {
        // control 100/1000 = 0.10, variant 130/1000 = 0.13, pooled 230/2000 = 0.115;
        // SE = sqrt(0.115 × 0.885 × (1/1000 + 1/1000)) = 0.0142671; z = 0.03 / 0.0142671 = 2.10274; p = erfc(z/√2) = 0.035488
        var result = AbTest.Compare(Counts("A", delivered: 1000, conversions: 100), Counts("B", delivered: 1000, conversions: 130));
        Assert.Equal(0.10, result.ControlRate, 10);
        Assert.Equal(0.13, result.VariantRate, 10);
        Assert.Equal(2.102740605622114, result.Z, 6);
        Assert.Equal(0.03548845046647473, result.PValue, 5);
        Assert.True(result.IsSignificant);
    }

    [Fact]
    public void AbTest_NotSignificant_AndUndefinedCases()
    {
        // 20/400 = 0.05 vs 28/400 = 0.07, pooled 0.06: SE = sqrt(0.06 × 0.94 × 2/400) = 0.016793; z = 1.19098; p = 0.23366
        var result = AbTest.Compare(Counts("A", 400, 20), Counts("B", 400, 28));
        Assert.Equal(1.1909826683508276, result.Z, 6);
        Assert.Equal(0.23366038889458662, result.PValue, 5);
        Assert.False(result.IsSignificant);

        var nobodyConverted = AbTest.Compare(Counts("A", 50, 0), Counts("B", 50, 0));
        Assert.Equal((0.0, 1.0), (nobodyConverted.Z, nobodyConverted.PValue));
        var nothingDelivered = AbTest.Compare(Counts("A", 0, 0), Counts("B", 10, 1));
        Assert.Equal((0.0, 1.0), (nothingDelivered.Z, nothingDelivered.PValue));
    }

    [Fact]
    public void Effectiveness_RatesRevenueCostSharesAndRoi()
    {
        var campaign = Campaign(cost: 100m, new CampaignVariant("A", 50), new CampaignVariant("B", 50));
        var counts = new[]
        {
            // A: 30 sent, 25 delivered, 10 unique opens (14 total), 5 clicks, 1 reply, 1 unsubscribe, 2 conversions worth 90
            new CampaignVariantCounts("A", 30, 25, 5, 10, 14, 5, 6, 1, 1, 2, 90m),
            // B: 10 sent, 10 delivered, 4 conversions worth 40
            new CampaignVariantCounts("B", 10, 10, 0, 2, 2, 4, 4, 0, 0, 4, 40m),
        };
        var result = CampaignEffectivenessCalculator.Compute(campaign, counts);

        // total: 40 sent, 35 delivered, 6 conversions, revenue 130; ROI = (130 − 100) / 100 = 0.3
        Assert.Equal(40, result.Total.Counts.Sent);
        Assert.Equal(6 / 35.0, result.Total.ConversionRate, 10);
        Assert.Equal(130m, result.Total.Counts.Revenue);
        Assert.Equal(0.3m, result.Total.Roi);

        // cost shares by sent: A 100 × 30/40 = 75, B 100 × 10/40 = 25; ROI A = (90 − 75)/75 = 0.2, B = (40 − 25)/25 = 0.6
        var a = result.Variants[0];
        var b = result.Variants[1];
        Assert.Equal((75m, 0.2m), (a.Cost, a.Roi));
        Assert.Equal((25m, 0.6m), (b.Cost, b.Roi));
        Assert.Equal(10 / 25.0, a.OpenRate, 10);
        Assert.Equal(5 / 25.0, a.ClickRate, 10);
        Assert.Equal(1 / 25.0, a.ReplyRate, 10);
        Assert.Equal(1 / 25.0, a.UnsubscribeRate, 10);
        Assert.Equal(2 / 25.0, a.ConversionRate, 10);
        var test = Assert.Single(result.Tests);
        Assert.Equal(("A", "B"), (test.Control, test.Variant));
    }

    [Fact]
    public void Effectiveness_ZeroCost_HasNoRoi_AndUnsentVariantsAppear()
    {
        var campaign = Campaign(cost: 0m, new CampaignVariant("A", 70), new CampaignVariant("B", 30));
        var result = CampaignEffectivenessCalculator.Compute(campaign, [new CampaignVariantCounts("A", 3, 3, 0, 0, 0, 0, 0, 0, 0, 1, 10m)]);
        Assert.Null(result.Total.Roi);
        Assert.Equal(["A", "B"], result.Variants.Select(v => v.Counts.Variant));
        Assert.Equal(0, result.Variants[1].Counts.Sent);
        Assert.Equal(0, result.Variants[1].ConversionRate);
    }

    private static CampaignVariantCounts Counts(string name, long delivered, long conversions) =>
        new(name, delivered, delivered, 0, 0, 0, 0, 0, 0, 0, conversions, 0m);

    internal static Campaign Campaign(decimal cost, params CampaignVariant[] variants) => new()
    {
        Id = Guid.NewGuid(),
        Name = "Spring",
        Channel = InteractionChannels.Email,
        TemplateId = "promo",
        Variants = variants,
        Audience = CampaignAudience.Condition("""{"field":"country","op":"eq","value":"NL"}"""),
        Cost = cost,
        Currency = "EUR",
    };
}
