using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>The forecast and KPI sums of the sales kit.</summary>
public abstract partial class SalesStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks the weighted forecast groups open deals of the pipeline and currency by month or quarter of the expected
    /// close date and by owner, weights by probability, and leaves out closed deals, other currencies and dates outside the window.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Forecast_GroupsByPeriodAndOwner_WeightsOpenDealsOnly()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = Guid.NewGuid();
            await SaveAsync(session, pipeline, 10_000m, 50, "alice", new DateOnly(2030, 3, 15)).ConfigureAwait(false);
            await SaveAsync(session, pipeline, 4_000m, 25, "alice", new DateOnly(2030, 3, 31)).ConfigureAwait(false);
            await SaveAsync(session, pipeline, 8_000m, 75, null, new DateOnly(2030, 5, 2)).ConfigureAwait(false);
            await SaveAsync(session, pipeline, 7_000m, 100, "alice", new DateOnly(2030, 3, 10), DealStatus.Won).ConfigureAwait(false);
            await SaveAsync(session, pipeline, 500m, 50, "alice", new DateOnly(2030, 3, 10), currency: "USD").ConfigureAwait(false);
            await SaveAsync(session, pipeline, 900m, 50, "alice", new DateOnly(2030, 7, 1)).ConfigureAwait(false);
            await SaveAsync(session, Guid.NewGuid(), 300m, 50, "alice", new DateOnly(2030, 3, 10)).ConfigureAwait(false);

            var months = await session.Sales.ForecastAsync(new ForecastQuery(pipeline, "EUR", new DateOnly(2030, 3, 1), new DateOnly(2030, 7, 1)), None).ConfigureAwait(false);
            var quarters = await session.Sales.ForecastAsync(new ForecastQuery(pipeline, "EUR", new DateOnly(2030, 1, 1), new DateOnly(2030, 7, 1), ForecastPeriod.Quarter), None).ConfigureAwait(false);
            var alice = await session.Sales.ForecastAsync(new ForecastQuery(pipeline, "EUR", new DateOnly(2030, 1, 1), new DateOnly(2030, 7, 1)) { OwnerId = "alice" }, None).ConfigureAwait(false);

            // March, alice: 10,000 x 50 % + 4,000 x 25 % = 6,000. May, unowned: 8,000 x 75 % = 6,000.
            Assert.Equal([new ForecastLine(new DateOnly(2030, 3, 1), "alice", 2, 14_000m, 6_000m), new ForecastLine(new DateOnly(2030, 5, 1), null, 1, 8_000m, 6_000m)], months);
            Assert.Equal([new ForecastLine(new DateOnly(2030, 1, 1), "alice", 2, 14_000m, 6_000m), new ForecastLine(new DateOnly(2030, 4, 1), null, 1, 8_000m, 6_000m)], quarters);
            Assert.Equal([new ForecastLine(new DateOnly(2030, 3, 1), "alice", 2, 14_000m, 6_000m)], alice);
        }
    }

    /// <summary>
    /// Checks the KPI sums: open deals now; won and lost deals closed in the window with the won amount and cycle time;
    /// and per working stage how many deals entered it and how many later reached a further stage other than lost.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Aggregate_CountsOpenWonLostCycleAndStageConversion()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = NewPipeline();
            await session.Sales.SavePipelineAsync(pipeline, None).ConfigureAwait(false);
            var a = await SaveAsync(session, pipeline.Id, 10_000m, 100, "alice", null, DealStatus.Won, T0.AddDays(10), [0, 2, 4]).ConfigureAwait(false);
            await SaveAsync(session, pipeline.Id, 3_000m, 0, "bob", null, DealStatus.Lost, T0.AddDays(5), [0, 1, 5]).ConfigureAwait(false);
            await SaveAsync(session, pipeline.Id, 2_000m, 10, "alice", null, history: [0]).ConfigureAwait(false);
            await SaveAsync(session, pipeline.Id, 99_999m, 100, "alice", null, DealStatus.Won, T0.AddDays(100), [0, 4]).ConfigureAwait(false);

            var sums = await session.Sales.AggregateAsync(new SalesMetricsQuery(pipeline.Id, "EUR", T0, T0.AddDays(30)), pipeline, None).ConfigureAwait(false);

            Assert.Equal((1, 2_000m, 1, 1, 10_000m, TimeSpan.FromDays(10).Ticks), (sums.OpenDeals, sums.OpenAmount, sums.Won, sums.Lost, sums.WonAmount, sums.WonCycleTicks));
            Assert.Equal(
                [
                    new StageConversion("prospecting", 4, 3, null),   // all four entered; the open one stayed
                    new StageConversion("qualification", 1, 0, null), // the lost one went from here to lost only
                    new StageConversion("proposal", 1, 1, null),      // a went on to won
                    new StageConversion("negotiation", 0, 0, null),
                ],
                sums.StageConversions);

            var alice = await session.Sales.AggregateAsync(new SalesMetricsQuery(pipeline.Id, "EUR", T0, T0.AddDays(30)) { OwnerId = "alice" }, pipeline, None).ConfigureAwait(false);
            Assert.Equal((1, 1, 0, 3), (alice.OpenDeals, alice.Won, alice.Lost, alice.StageConversions[0].Entered));
            Assert.Equal(a.Amount, alice.WonAmount);

            var empty = await session.Sales.AggregateAsync(new SalesMetricsQuery(Guid.NewGuid(), "EUR", T0, T0.AddDays(30)), pipeline, None).ConfigureAwait(false);
            Assert.Equal((0, 0m, 0, 0, 0L), (empty.OpenDeals, empty.OpenAmount, empty.Won, empty.Lost, empty.WonCycleTicks));
        }
    }

    private static async Task<Deal> SaveAsync(
        IStorageSession session, Guid pipelineId, decimal amount, decimal probability, string? owner, DateOnly? close,
        DealStatus status = DealStatus.Open, DateTimeOffset? closedAt = null, int[]? history = null, string currency = "EUR")
    {
        string[] stages = ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"];
        var deal = await session.Sales.SaveDealAsync(NewDeal(pipelineId, Guid.NewGuid(), amount) with
        {
            Probability = probability,
            OwnerId = owner,
            ExpectedCloseDate = close,
            Status = status,
            StageId = history is { Length: > 0 } ? stages[history[^1]] : "prospecting",
            ClosedAt = closedAt,
            Currency = currency,
        }, None).ConfigureAwait(false);
        for (var i = 0; i < (history?.Length ?? 0); i++)
        {
            var position = history![i];
            await session.Sales.AppendStageChangeAsync(
                new DealStageChange(deal.Id, i + 1, i == 0 ? null : stages[history[i - 1]], stages[position], position, T0.AddDays(i), null), None).ConfigureAwait(false);
        }

        return deal;
    }
}
