using Crm.Engine.Analytics;
using Crm.Engine.Testing.Storage;

namespace Crm.Engine.Tests.Analytics;

/// <summary>Every KPI of the report against hand-computed answers over <c>AnalyticsDataSet</c> (Q1 2026, EUR, 31-day churn window).</summary>
public sealed class AnalyticsServiceTests(AnalyticsFixture fixture) : IClassFixture<AnalyticsFixture>
{
    private const decimal Tolerance = 0.0001m;

    [Fact]
    public async Task Report_EveryKpi_MatchesHandComputedAnswer()
    {
        var report = await fixture.Crm.Analytics.BuildReportAsync(AnalyticsFixture.Quarter with { Segments = ["buyers"] });

        // Revenue: A 50 + 30, B 200 + 100, G 70 = 450 in 5 orders.
        Assert.Equal(new OrderTotals(5, 450m, 3), report.Revenue!.Totals);
        Assert.Equal([250m, 100m, 100m], report.Revenue.Trend.Select(p => p.Totals.Revenue));

        // CAC: (email 300 + social 500) / 2 new customers (B, G) = 400.
        Assert.Equal(400m, report.Acquisition!.Overall.Value);
        Assert.Equal(800m, report.Acquisition.Overall.Inputs["cost"]);
        var channels = report.Acquisition.Channels.ToDictionary(c => c.Channel);
        Assert.Null(channels["email"].Cac.Value); // 300 / 0 new customers
        Assert.Equal("newCustomers is 0", channels["email"].Cac.UndefinedReason);
        Assert.Equal(500m, channels["social"].Cac.Value); // 500 / 1 (B)
        Assert.Equal(0m, channels[AnalyticsChannels.Unattributed].Cac.Value); // 0 / 1 (G)

        // Historical CLV: (A 180 + B 300 + G 70) / 3 = 183.33...
        AssertNear(550m / 3m, report.LifetimeValue!.Historical.Value!.Value);

        // Predictive, all customers: AOV 450 / 5 = 90; frequency (5 / 3) / (90 / 365.25) per year; x 3 years
        // = 90 x 5/3 x 365.25/90 x 3 = 5 x 365.25 = 1826.25.
        var all = report.LifetimeValue.Segments[0];
        Assert.Equal(LifetimeValueSection.AllCustomers, all.Segment);
        Assert.Equal(90m, all.AverageOrderValue.Value);
        AssertNear(5m / 3m * 365.25m / 90m, all.PurchaseFrequency.Value!.Value);
        AssertNear(1826.25m, all.Predictive.Value!.Value);

        // Segment "buyers" (stage Customer: A, B): AOV 380 / 4 = 95; frequency (4 / 2) x 365.25 / 90; x 3 = 570 x 365.25 / 90 = 2313.25.
        var buyers = report.LifetimeValue.Segments[1];
        Assert.Equal("buyers", buyers.Segment);
        Assert.Equal(95m, buyers.AverageOrderValue.Value);
        AssertNear(2313.25m, buyers.Predictive.Value!.Value);

        // Churn: active 01-01 {A}, still active 04-01 -> 0 / 1. Monthly: 0/1, 1/2 (A lapses in Feb), 1/1 (B lapses in Mar).
        Assert.Equal(0m, report.Churn!.Rate.Value);
        Assert.Equal([0m, 0.5m, 1m], report.Churn.Trend.Select(p => p.Rate));

        // Cohorts by first purchase: January {B} bought in Jan and Feb, not Mar; March {G} bought in March.
        Assert.Equal(2, report.Cohorts!.Rows.Count);
        Assert.Equal((new DateOnly(2026, 1, 1), 1L), (report.Cohorts.Rows[0].Month, report.Cohorts.Rows[0].Size));
        Assert.Equal([1m, 1m, 0m], report.Cohorts.Rows[0].Retention);
        Assert.Equal([1m], report.Cohorts.Rows[1].Retention);

        // Funnel over the Q1 customers: Lead 5 (all but F, a Subscriber), Qualified 4 (not E), Opportunity 3 (B, C, G), Customer 2 (B, G).
        var funnel = report.LifecycleFunnel!;
        Assert.Equal([5L, 4L, 3L, 2L], funnel.Steps.Select(s => s.Reached));
        Assert.Equal([null, 0.8m, 0.75m], funnel.Steps.Take(3).Select(s => s.FromPrevious));
        AssertNear(2m / 3m, funnel.Steps[3].FromPrevious!.Value);
        Assert.Equal(0.4m, funnel.Conversion.Value); // 2 / 5

        Assert.Equal(3, report.Engagement!.Interactions.Count);
        Assert.Equal(AnalyticsKpis.Revenue.Key, report.Tiles[0].Definition.Key);
        Assert.Equal(2m, report.Tiles[1].Value); // new customers
    }

    [Fact]
    public async Task Report_CohortsByCreation_DividesByCohortSize()
    {
        var cohorts = await fixture.Crm.Analytics.GetCohortsAsync(AnalyticsFixture.Quarter with { CohortBasis = CohortBasis.Created });

        // Created: Jan {B, C} (B bought Jan, Feb), Feb {D, E} (none), Mar {F, G} (G bought Mar).
        Assert.Equal([2L, 2L, 2L], cohorts.Rows.Select(r => r.Size));
        Assert.Equal([0.5m, 0.5m, 0m], cohorts.Rows[0].Retention);
        Assert.Equal([0m, 0m], cohorts.Rows[1].Retention);
        Assert.Equal([0.5m], cohorts.Rows[2].Retention);
    }

    [Fact]
    public async Task EmptyPeriod_KpisUndefinedWithTheZeroDenominatorNamed()
    {
        var period = new ReportPeriod(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var report = await fixture.Crm.Analytics.BuildReportAsync(new AnalyticsQuery(period, "EUR"));

        Assert.Equal(OrderTotals.Empty, report.Revenue!.Totals);
        Assert.Equal("newCustomers is 0", report.Acquisition!.Overall.UndefinedReason);
        Assert.Equal("orders is 0", report.LifetimeValue!.Segments[0].AverageOrderValue.UndefinedReason);
        Assert.Null(report.LifetimeValue.Segments[0].Predictive.Value);
        Assert.Equal("activeAtStart is 0", report.Churn!.Rate.UndefinedReason);
        Assert.Equal("reachedLead is 0", report.LifecycleFunnel!.Conversion.UndefinedReason);
        Assert.Empty(report.Cohorts!.Rows);
        // History before 2030 still holds every EUR purchase: 550 / 3.
        AssertNear(550m / 3m, report.LifetimeValue.Historical.Value!.Value);
    }

    [Fact]
    public async Task EmptyTenant_EveryRatioUndefined()
    {
        var report = await fixture.EmptyTenant.Analytics.BuildReportAsync(AnalyticsFixture.Quarter);

        Assert.All(report.Tiles.Where(t => t.Definition.Unit != "count" && t.Definition.Key != "revenue"), t => Assert.Null(t.Value));
        Assert.Equal(0m, report.Tiles[0].Value);
        Assert.Empty(report.Acquisition!.Channels);
    }

    [Fact]
    public async Task Costs_RecordListDelete_ThroughTheService()
    {
        var crm = fixture.EmptyTenant;
        var cost = await crm.Analytics.RecordCostAsync(new AcquisitionCost(Guid.Empty, " search ", new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), 120.5m, "eur"));

        Assert.NotEqual(Guid.Empty, cost.Id);
        Assert.Equal(("search", "EUR"), (cost.Channel, cost.Currency));
        var listed = await crm.Analytics.ListCostsAsync(AnalyticsFixture.Quarter.Period);
        Assert.Equal(120.5m, Assert.Single(listed).Amount);
        Assert.True(await crm.Analytics.DeleteCostAsync(cost.Id));
        Assert.Empty(await crm.Analytics.ListCostsAsync(AnalyticsFixture.Quarter.Period));
    }

    [Theory]
    [InlineData(-1, "EUR", "amount")]
    [InlineData(1, "euro", "currency")]
    [InlineData(0.00001, "EUR", "amount")]
    public async Task RecordCost_BadInput_NamesTheField(double amount, string currency, string path)
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() =>
            fixture.EmptyTenant.Analytics.RecordCostAsync(new AcquisitionCost(Guid.Empty, "email", AnalyticsDataSet.From, (decimal)amount, currency)));

        Assert.Equal(path, error.Errors[0].Path);
    }

    [Fact]
    public async Task Query_BadInput_NamesTheField()
    {
        var analytics = fixture.Crm.Analytics;
        var reversed = new AnalyticsQuery(new ReportPeriod(AnalyticsDataSet.To, AnalyticsDataSet.From), "EUR");
        var tooFine = new AnalyticsQuery(new ReportPeriod(AnalyticsDataSet.From, AnalyticsDataSet.From.AddYears(3), PeriodGranularity.Day), "EUR");

        Assert.Equal("period", (await Assert.ThrowsAsync<CrmValidationException>(() => analytics.GetRevenueAsync(reversed))).Errors[0].Path);
        Assert.Equal("period", (await Assert.ThrowsAsync<CrmValidationException>(() => analytics.GetRevenueAsync(tooFine))).Errors[0].Path);
        Assert.Equal("currency", (await Assert.ThrowsAsync<CrmValidationException>(() => analytics.GetRevenueAsync(AnalyticsFixture.Quarter with { Currency = "E1" }))).Errors[0].Path);
        Assert.Equal("churnWindow", (await Assert.ThrowsAsync<CrmValidationException>(() => analytics.GetChurnAsync(AnalyticsFixture.Quarter with { ChurnWindow = TimeSpan.Zero }))).Errors[0].Path);
        Assert.Equal("segments", (await Assert.ThrowsAsync<CrmValidationException>(() => analytics.GetLifetimeValueAsync(AnalyticsFixture.Quarter with { Segments = ["nope"] }))).Errors[0].Path);
    }

    private static void AssertNear(decimal expected, decimal actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"expected {expected}, got {actual}");
}
