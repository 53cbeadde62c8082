using Crm.Engine.Analytics;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider computes the analytics aggregates exactly: every expectation is hand-computed from
/// <see cref="AnalyticsDataSet"/> (the arithmetic is in the comments), plus empty periods and tenant isolation.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteAnalyticsConformance(SqliteFixture fixture) : AnalyticsStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract class AnalyticsStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset From = AnalyticsDataSet.From;
    private static readonly DateTimeOffset To = AnalyticsDataSet.To;
    private static readonly DateTimeOffset[] Months = [From, AnalyticsDataSet.Day(2026, 2, 1), AnalyticsDataSet.Day(2026, 3, 1), To];

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected AnalyticsStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "analytics";

    /// <summary>Checks that costs round-trip, are listed by period, summed per channel in one currency, and deleted.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Costs_ListSumAndDelete()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var listed = await session.Analytics.ListCostsAsync(From, To, None).ConfigureAwait(false);
            // In Q1: email 300 EUR (01-15), social 500 EUR (02-01), social 99 USD (02-20); the December cost is outside.
            Assert.Equal([300m, 500m, 99m], listed.Select(c => c.Amount));
            Assert.Equal(["EUR", "EUR", "USD"], listed.Select(c => c.Currency));
            Assert.Equal(AnalyticsDataSet.Day(2026, 1, 15), listed[0].IncurredAt);

            var sums = await session.Analytics.SumCostsByChannelAsync(From, To, "EUR", None).ConfigureAwait(false);
            Assert.Equal([new KeyedAmount("email", 300m), new KeyedAmount("social", 500m)], sums);

            var moved = listed[0] with { IncurredAt = AnalyticsDataSet.Day(2026, 5, 1), Amount = 12.3456m, CampaignId = Guid.NewGuid(), Note = "moved" };
            await session.Analytics.UpsertCostAsync(moved, None).ConfigureAwait(false);
            Assert.Equal(moved, await session.Analytics.GetCostAsync(moved.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Analytics.GetCostAsync(Guid.NewGuid(), None).ConfigureAwait(false));
            Assert.Equal(2, (await session.Analytics.ListCostsAsync(From, To, None).ConfigureAwait(false)).Count);

            Assert.True(await session.Analytics.DeleteCostAsync(listed[0].Id, None).ConfigureAwait(false));
            Assert.False(await session.Analytics.DeleteCostAsync(listed[0].Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Analytics.ListCostsAsync(AnalyticsDataSet.Day(2026, 5, 1), AnalyticsDataSet.Day(2026, 5, 2), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks order totals over the period, over all history, over a customer condition, and over an empty period.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task OrderTotals_PeriodHistoryConditionAndEmpty()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var store = session.Analytics;
            // Q1 EUR: A 50 + 30, B 200 + 100, G 70 = 450 in 5 orders by 3 buyers (G's 10 USD is left out).
            Assert.Equal(new OrderTotals(5, 450m, 3), await store.GetOrderTotalsAsync(From, To, "EUR", null, To, None).ConfigureAwait(false));
            // All history before April: A's December 100 too = 550 in 6 orders.
            Assert.Equal(new OrderTotals(6, 550m, 3), await store.GetOrderTotalsAsync(null, To, "EUR", null, To, None).ConfigureAwait(false));
            // Customers at stage Customer (A, B): 50 + 30 + 200 + 100 = 380 in 4 orders.
            var customers = ConditionParser.Parse("""{"field":"lifecycleStage","op":"eq","value":"Customer"}""", SegmentFields.Customer);
            Assert.Equal(new OrderTotals(4, 380m, 2), await store.GetOrderTotalsAsync(From, To, "EUR", customers, To, None).ConfigureAwait(false));
            Assert.Equal(new OrderTotals(1, 10m, 1), await store.GetOrderTotalsAsync(From, To, "USD", null, To, None).ConfigureAwait(false));
            Assert.Equal(OrderTotals.Empty, await store.GetOrderTotalsAsync(To, To.AddYears(1), "EUR", null, To, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that new customers (first purchase in the period) are counted per channel of their first interaction.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task AcquiredByChannel_FirstPurchaseInPeriod_FirstTouchChannel()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // A first bought in December (not new). B first bought 01-06, first touch social 01-04 (email came later).
            // G first bought 03-16 and has no interaction.
            var counts = await session.Analytics.CountAcquiredByChannelAsync(From, To, None).ConfigureAwait(false);
            Assert.Equal([new KeyedCount(AnalyticsChannels.Unattributed, 1), new KeyedCount("social", 1)], counts.OrderBy(c => c.Key, StringComparer.Ordinal));
            Assert.Empty(await session.Analytics.CountAcquiredByChannelAsync(To, To.AddYears(1), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks the monthly revenue trend, empty buckets included, and new customer records per bucket.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task RevenueTrend_Monthly()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var trend = await session.Analytics.GetRevenueTrendAsync([.. Months, To.AddMonths(1)], "EUR", None).ConfigureAwait(false);
            Assert.Equal(4, trend.Count);
            // Jan: A 50 + B 200; created B, C. Feb: B 100; created D, E. Mar: A 30 + G 70; created F, G. Apr: nothing.
            Assert.Equal(new RevenuePoint(Months[0], Months[1], new OrderTotals(2, 250m, 2), 2), trend[0]);
            Assert.Equal(new RevenuePoint(Months[1], Months[2], new OrderTotals(1, 100m, 1), 2), trend[1]);
            Assert.Equal(new RevenuePoint(Months[2], Months[3], new OrderTotals(2, 100m, 2), 2), trend[2]);
            Assert.Equal(new RevenuePoint(To, To.AddMonths(1), OrderTotals.Empty, 0), trend[3]);
        }
    }

    /// <summary>Checks churn per month and over the whole period with a 31-day window.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Churn_ActiveAndChurnedPerBucket()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var window = AnalyticsDataSet.ChurnWindow;
            // Active at 01-01 (bought 12-01..12-31): A. At 02-01 (01-01..01-31): A, B. At 03-01 (01-29..02-28): B.
            // At 04-01 (03-01..03-31): A, G. Jan: A stays (0 of 1). Feb: A lapses (1 of 2). Mar: B lapses (1 of 1).
            var trend = await session.Analytics.GetChurnAsync(Months, window, None).ConfigureAwait(false);
            Assert.Equal([(1L, 0L), (2L, 1L), (1L, 1L)], trend.Select(p => (p.ActiveAtStart, p.Churned)));
            Assert.Equal(Months[1], trend[0].End);

            // Whole quarter: active at 01-01 {A}, A active again at 04-01: 0 of 1.
            var whole = await session.Analytics.GetChurnAsync([From, To], window, None).ConfigureAwait(false);
            Assert.Equal((1L, 0L), (whole[0].ActiveAtStart, whole[0].Churned));
        }
    }

    /// <summary>Checks that churn over the whole span and per bucket in one call gives the same counts as the separate calls.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ChurnWithTrend_WholeSpanAndBucketsInOneCall()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var window = AnalyticsDataSet.ChurnWindow;
            // As in Churn_ActiveAndChurnedPerBucket: Jan 0 of 1, Feb 1 of 2, Mar 1 of 1; whole quarter 0 of 1 (A is back at 04-01).
            var quarter = await session.Analytics.GetChurnWithTrendAsync(Months, window, None).ConfigureAwait(false);
            Assert.Equal([(1L, 0L), (2L, 1L), (1L, 1L)], quarter.Trend.Select(p => (p.ActiveAtStart, p.Churned)));
            Assert.Equal((From, To, 1L, 0L), (quarter.Whole.Start, quarter.Whole.End, quarter.Whole.ActiveAtStart, quarter.Whole.Churned));

            // January and February only: active at 01-01 {A}, at 03-01 {B}: A churned, 1 of 1.
            var twoMonths = await session.Analytics.GetChurnWithTrendAsync(Months[..3], window, None).ConfigureAwait(false);
            Assert.Equal((1L, 1L), (twoMonths.Whole.ActiveAtStart, twoMonths.Whole.Churned));
            Assert.Equal(2, twoMonths.Trend.Count);

            // A 400-day window: everyone who bought since 2024-11 is active at every boundary (A, B, G by 04-01), nobody churns.
            var longWindow = await session.Analytics.GetChurnWithTrendAsync(Months, TimeSpan.FromDays(400), None).ConfigureAwait(false);
            Assert.Equal([(1L, 0L), (2L, 0L), (2L, 0L)], longWindow.Trend.Select(p => (p.ActiveAtStart, p.Churned)));
        }
    }

    /// <summary>Checks monthly cohorts by first purchase and by creation.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cohorts_ByFirstPurchaseAndByCreation()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var jan = new DateOnly(2026, 1, 1);
            var feb = new DateOnly(2026, 2, 1);
            var mar = new DateOnly(2026, 3, 1);

            // First purchases in Q1: B (January), G (March; A's was December). B bought in Jan and Feb, G in March.
            var byPurchase = await session.Analytics.GetCohortsAsync(From, To, CohortBasis.FirstPurchase, None).ConfigureAwait(false);
            Assert.Equal([new CohortSize(jan, 1), new CohortSize(mar, 1)], byPurchase.Sizes);
            Assert.Equal([new CohortCell(jan, 0, 1), new CohortCell(jan, 1, 1), new CohortCell(mar, 0, 1)], byPurchase.Cells);

            // Created in Q1: Jan {B, C}, Feb {D, E}, Mar {F, G}; of those only B (Jan, Feb) and G (Mar) bought.
            var byCreation = await session.Analytics.GetCohortsAsync(From, To, CohortBasis.Created, None).ConfigureAwait(false);
            Assert.Equal([new CohortSize(jan, 2), new CohortSize(feb, 2), new CohortSize(mar, 2)], byCreation.Sizes);
            Assert.Equal([new CohortCell(jan, 0, 1), new CohortCell(jan, 1, 1), new CohortCell(mar, 0, 1)], byCreation.Cells);

            var empty = await session.Analytics.GetCohortsAsync(To, To.AddYears(1), CohortBasis.FirstPurchase, None).ConfigureAwait(false);
            Assert.Empty(empty.Sizes);
            Assert.Empty(empty.Cells);
        }
    }

    /// <summary>Checks lifecycle stage counts of the customers created in the period, and interaction counts.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task LifecycleStagesAndInteractions_CountedInPeriod()
    {
        var session = await SeededAsync().ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Created in Q1: B Customer, C Opportunity, D SalesQualified, E Lead, F Subscriber, G Churned (A is December's).
            var stages = await session.Analytics.CountByLifecycleStageAsync(From, To, None).ConfigureAwait(false);
            Assert.Equal(
                ["Churned:1", "Customer:1", "Lead:1", "Opportunity:1", "SalesQualified:1", "Subscriber:1"],
                stages.Select(s => $"{s.Key}:{s.Count}").Order(StringComparer.Ordinal));

            // In Q1: B social in, B email out, C phone out (A's December email is outside).
            var interactions = await session.Analytics.CountInteractionsAsync(From, To, None).ConfigureAwait(false);
            Assert.Equal(
                [new InteractionCount("email", InteractionDirection.Outbound, 1), new InteractionCount("phone", InteractionDirection.Outbound, 1), new InteractionCount("social", InteractionDirection.Inbound, 1)],
                interactions.OrderBy(i => i.Channel, StringComparer.Ordinal));
        }
    }

    /// <summary>Checks that another tenant sees none of the data set.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task OtherTenant_SeesNothing()
    {
        var seeded = await SeededAsync().ConfigureAwait(false);
        await seeded.DisposeAsync().ConfigureAwait(false);
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var store = session.Analytics;
            Assert.Equal(OrderTotals.Empty, await store.GetOrderTotalsAsync(null, To, "EUR", null, To, None).ConfigureAwait(false));
            Assert.Empty(await store.ListCostsAsync(From, To, None).ConfigureAwait(false));
            Assert.Empty(await store.CountByLifecycleStageAsync(From, To, None).ConfigureAwait(false));
            Assert.Empty(await store.CountInteractionsAsync(From, To, None).ConfigureAwait(false));
            Assert.Empty(await store.CountAcquiredByChannelAsync(From, To, None).ConfigureAwait(false));
            Assert.Equal([(0L, 0L), (0L, 0L), (0L, 0L)], (await store.GetChurnAsync(Months, AnalyticsDataSet.ChurnWindow, None).ConfigureAwait(false)).Select(p => (p.ActiveAtStart, p.Churned)));
        }
    }

    private async Task<IStorageSession> SeededAsync([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var session = await OpenAsync(NewTenantId(test)).ConfigureAwait(false);
        _ = await AnalyticsDataSet.SeedAsync(session).ConfigureAwait(false);
        return session;
    }
}
