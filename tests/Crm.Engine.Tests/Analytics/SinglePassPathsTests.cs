using Crm.Engine.Analytics;
using static Crm.Engine.Testing.Storage.AnalyticsDataSet;

namespace Crm.Engine.Tests.Analytics;

/// <summary>
/// The SQLite single-pass statements (bit mask per customer, up to 62 buckets or months) and their fallbacks (more
/// buckets or months) give the same hand-computed answers on the fixed data set.
/// </summary>
public sealed class SinglePassPathsTests(AnalyticsFixture fixture) : IClassFixture<AnalyticsFixture>
{
    [Fact]
    public async Task BuyersPerBucket_WeekMaskAndDayFallback_Agree()
    {
        var weeks = await fixture.Crm.Analytics.GetRevenueAsync(AnalyticsFixture.Quarter with { Period = new ReportPeriod(From, To, PeriodGranularity.Week) });
        var days = await fixture.Crm.Analytics.GetRevenueAsync(AnalyticsFixture.Quarter with { Period = new ReportPeriod(From, To, PeriodGranularity.Day) });

        // EUR purchases in Q1: A 01-10, B 01-06 (same ISO week from 01-05), B 02-06, A 03-05, G 03-16.
        var week = weeks.Trend.Single(p => p.Start == Day(2026, 1, 5));
        Assert.Equal((2L, 2L), (week.Totals.Orders, week.Totals.Buyers));
        Assert.Equal(5, weeks.Trend.Sum(p => p.Totals.Buyers));
        Assert.True(weeks.Trend.Count <= 62, "week buckets take the mask path");

        // 90 day buckets (more than 62): the COUNT(DISTINCT) fallback; one buyer on each of the five days.
        Assert.Equal(90, days.Trend.Count);
        Assert.Equal(5, days.Trend.Sum(p => p.Totals.Buyers));
        Assert.Equal(1, days.Trend.Single(p => p.Start == Day(2026, 1, 10)).Totals.Buyers);
    }

    [Fact]
    public async Task Cohorts_MaskAndLongPeriodFallback_Agree()
    {
        // 4 months (mask) and 75 months (fallback) ending at the same instant: the same cohorts from 2025-12 on.
        var shortPeriod = await fixture.Crm.Analytics.GetCohortsAsync(AnalyticsFixture.Quarter with { Period = new ReportPeriod(Day(2025, 12, 1), To) });
        var longPeriod = await fixture.Crm.Analytics.GetCohortsAsync(AnalyticsFixture.Quarter with { Period = new ReportPeriod(Day(2020, 1, 1), To) });

        // First purchases (any currency): A 2025-12, B 2026-01, G 2026-03; one customer each.
        Assert.Equal([new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1)], shortPeriod.Rows.Select(r => r.Month));
        // A bought in 2025-12 (+0), 2026-01 (+1), 2026-03 (+3): retention 1, 1, 0, 1.
        Assert.Equal([1m, 1m, 0m, 1m], shortPeriod.Rows[0].Retention);
        Assert.Equal(shortPeriod.Rows.Select(r => (r.Month, r.Size, string.Join(",", r.Retention))), longPeriod.Rows.Select(r => (r.Month, r.Size, string.Join(",", r.Retention))));
    }
}
