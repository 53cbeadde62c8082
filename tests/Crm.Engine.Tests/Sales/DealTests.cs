using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

public sealed class DealTests : IAsyncLifetime
{
    private SalesHost _host = null!;

    private IDealService Deals => _host.Crm.Deals;

    public async Task InitializeAsync() => _host = await SalesHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SavePipeline_WithoutLostStage_FailsNamingTheRule()
    {
        var pipeline = SalesHost.StandardPipeline() with { Stages = [new("a", "A", 10), new("won", "Won", 100, DealStatus.Won)] };

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Deals.SavePipelineAsync(pipeline));

        Assert.Contains(error.Errors, e => e.Path == "stages" && e.Message.Contains("lost stage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DefaultsToFirstStage_AndMoveStage_KeepsHistoryAndRaisesEvents()
    {
        var pipeline = await Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var customer = await _host.CustomerAsync();
        var created = await _host.DealAsync(pipeline.Id, customer.Id, 1_000m, owner: "alice");
        Assert.Equal(("prospecting", DealStatus.Open, 10m), (created.StageId, created.Status, created.Probability));

        var t0 = _host.Now;
        _host.Engine.Time.Advance(TimeSpan.FromDays(3));
        await Deals.MoveStageAsync(created.Id, "proposal");
        _host.Engine.Time.Advance(TimeSpan.FromDays(4));
        var won = await Deals.MoveStageAsync(created.Id, "won");

        Assert.Equal((DealStatus.Won, 100m, t0.AddDays(7)), (won.Status, won.Probability, won.ClosedAt));
        var history = await Deals.GetStageHistoryAsync(created.Id);
        Assert.Equal(
            [(1, (string?)null, "prospecting", t0), (2, "prospecting", "proposal", t0.AddDays(3)), (3, "proposal", "won", t0.AddDays(7))],
            history.Select(h => (h.Sequence, h.FromStageId, h.ToStageId, h.ChangedAt)));
        Assert.All(history, h => Assert.Equal("system", h.Actor));
        var changes = _host.EventsOf<DealStageChanged>();
        Assert.Equal(["prospecting->proposal", "proposal->won"], changes.Select(c => c.Before.StageId + "->" + c.After.StageId));
        Assert.Equal(won.Id, Assert.Single(_host.EventsOf<DealWon>()).Deal.Id);
        Assert.Single(_host.EventsOf<DealCreated>());

        // A move to the stage the deal is in changes nothing.
        var same = await Deals.MoveStageAsync(created.Id, "won");
        Assert.Equal(won.Version, same.Version);
        Assert.Equal(3, (await Deals.GetStageHistoryAsync(created.Id)).Count);
    }

    [Fact]
    public async Task MoveStage_UnknownStage_FailsListingTheStagesAndChangesNothing()
    {
        var pipeline = await Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var deal = await _host.DealAsync(pipeline.Id, (await _host.CustomerAsync()).Id, 10m);

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Deals.MoveStageAsync(deal.Id, "closing"));

        Assert.Contains("no stage 'closing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prospecting, qualification", error.Message, StringComparison.Ordinal);
        Assert.Equal(deal, await Deals.GetAsync(deal.Id));
    }

    [Fact]
    public async Task Forecast_ByMonthAndQuarterAndOwner_WeightsByStageProbability()
    {
        var pipeline = await Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var c = (await _host.CustomerAsync()).Id;
        var d1 = await _host.DealAsync(pipeline.Id, c, 10_000m, "alice", new DateOnly(2026, 6, 20));
        await Deals.MoveStageAsync(d1.Id, "proposal");                                                 // 50 %
        var d2 = await _host.DealAsync(pipeline.Id, c, 4_000m, "alice", new DateOnly(2026, 7, 10));
        await Deals.MoveStageAsync(d2.Id, "qualification");                                            // 25 %
        var d3 = await _host.DealAsync(pipeline.Id, c, 8_000m, "bob", new DateOnly(2026, 6, 5));
        await Deals.MoveStageAsync(d3.Id, "negotiation");                                              // 75 %
        await _host.DealAsync(pipeline.Id, c, 2_500.50m, null, new DateOnly(2026, 8, 15));             // 10 %, unowned
        await _host.DealAsync(pipeline.Id, c, 999m, "alice", new DateOnly(2026, 6, 10), currency: "USD"); // other currency
        await _host.DealAsync(pipeline.Id, c, 5_000m, "alice", new DateOnly(2026, 9, 1));              // after the window
        var closed = await _host.DealAsync(pipeline.Id, c, 7_000m, "alice", new DateOnly(2026, 6, 1));
        await Deals.MoveStageAsync(closed.Id, "won");                                                  // closed: not forecast

        var months = await Deals.ForecastAsync(new ForecastQuery(pipeline.Id, "eur", new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 1)));

        Assert.Equal(
            [
                new ForecastLine(new DateOnly(2026, 6, 1), "alice", 1, 10_000m, 5_000m),    // 10,000 x 50 %
                new ForecastLine(new DateOnly(2026, 6, 1), "bob", 1, 8_000m, 6_000m),       // 8,000 x 75 %
                new ForecastLine(new DateOnly(2026, 7, 1), "alice", 1, 4_000m, 1_000m),     // 4,000 x 25 %
                new ForecastLine(new DateOnly(2026, 8, 1), null, 1, 2_500.50m, 250.05m),    // 2,500.50 x 10 %
            ],
            months);

        var quarters = await Deals.ForecastAsync(new ForecastQuery(pipeline.Id, "EUR", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), ForecastPeriod.Quarter));

        Assert.Equal(
            [
                new ForecastLine(new DateOnly(2026, 4, 1), "alice", 1, 10_000m, 5_000m),
                new ForecastLine(new DateOnly(2026, 4, 1), "bob", 1, 8_000m, 6_000m),
                new ForecastLine(new DateOnly(2026, 7, 1), null, 1, 2_500.50m, 250.05m),
                new ForecastLine(new DateOnly(2026, 7, 1), "alice", 2, 9_000m, 1_500m),     // 4,000 x 25 % + 5,000 x 10 %
            ],
            quarters);

        var bob = await Deals.ForecastAsync(new ForecastQuery(pipeline.Id, "EUR", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), ForecastPeriod.Quarter) { OwnerId = "bob" });
        Assert.Equal(6_000m, Assert.Single(bob).WeightedAmount);
    }

    [Fact]
    public async Task Metrics_WinRateSizeCycleVelocityAndStageConversion_HandComputed()
    {
        var pipeline = await Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var c = (await _host.CustomerAsync()).Id;
        var t0 = _host.Now;
        var w1 = await _host.DealAsync(pipeline.Id, c, 12_000m, "alice");
        var w2 = await _host.DealAsync(pipeline.Id, c, 6_000m, "bob");
        var l1 = await _host.DealAsync(pipeline.Id, c, 5_000m, "alice");
        await _host.DealAsync(pipeline.Id, c, 3_000m, "alice");
        var o2 = await _host.DealAsync(pipeline.Id, c, 7_000m, "bob");

        await AtDayAsync(t0, 5, () => Deals.MoveStageAsync(w1.Id, "qualification"), () => Deals.MoveStageAsync(l1.Id, "qualification"));
        await AtDayAsync(t0, 10, () => Deals.MoveStageAsync(w1.Id, "proposal"), () => Deals.MoveStageAsync(o2.Id, "proposal"));
        await AtDayAsync(t0, 20, () => Deals.MoveStageAsync(w1.Id, "won"));
        await AtDayAsync(t0, 30, () => Deals.MoveStageAsync(l1.Id, "lost", "price"));
        await AtDayAsync(t0, 40, () => Deals.MoveStageAsync(w2.Id, "won"));

        var metrics = await Deals.GetMetricsAsync(new SalesMetricsQuery(pipeline.Id, "EUR", t0, t0.AddDays(60)));

        Assert.Equal((2, 10_000m, 2, 1), (metrics.OpenDeals, metrics.OpenAmount, metrics.Won, metrics.Lost));
        Assert.Equal(0.6667m, metrics.WinRate);             // 2 / 3 = 0.66666... -> 0.6667
        Assert.Equal(9_000m, metrics.AverageDealSize);      // (12,000 + 6,000) / 2
        Assert.Equal(30m, metrics.AverageCycleDays);        // (20 + 40) / 2
        Assert.Equal(400.02m, metrics.Velocity);            // 2 open x 0.6667 x 9,000 / 30 = 12,000.6 / 30
        Assert.Equal(
            [
                new StageConversion("prospecting", 5, 4, 0.8m),  // w1, w2 (straight to won), l1, o2 moved on; the fourth open deal did not
                new StageConversion("qualification", 2, 1, 0.5m), // w1 went on to proposal; l1 was lost
                new StageConversion("proposal", 2, 1, 0.5m),      // w1 won; o2 still there
                new StageConversion("negotiation", 0, 0, null),   // nobody entered
            ],
            metrics.StageConversions);

        // Per owner: alice won 12,000 in 20 days and lost one deal.
        var alice = await Deals.GetMetricsAsync(new SalesMetricsQuery(pipeline.Id, "EUR", t0, t0.AddDays(60)) { OwnerId = "alice" });
        Assert.Equal((0.5m, 12_000m, 20m), (alice.WinRate, alice.AverageDealSize, alice.AverageCycleDays));

        // A window with no closed deals: undefined ratios are null, open deals still count.
        var none = await Deals.GetMetricsAsync(new SalesMetricsQuery(pipeline.Id, "EUR", t0.AddDays(100), t0.AddDays(200)));
        Assert.Equal((2, 0, 0), (none.OpenDeals, none.Won, none.Lost));
        Assert.Null(none.WinRate);
        Assert.Null(none.AverageCycleDays);
        Assert.Null(none.Velocity);
    }

    [Fact]
    public async Task List_FiltersByOwnerAndStatus_AndPages()
    {
        var pipeline = await Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var c = (await _host.CustomerAsync()).Id;
        for (var i = 0; i < 5; i++)
        {
            await _host.DealAsync(pipeline.Id, c, 100m * (i + 1), owner: i % 2 == 0 ? "alice" : "bob");
            _host.Engine.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Deals.ListAsync(new DealQuery { OwnerId = "alice", Page = new Storage.PageRequest(2) });
        var second = await Deals.ListAsync(new DealQuery { OwnerId = "alice", Page = new Storage.PageRequest(2, first.ContinuationToken) });

        Assert.Equal([100m, 300m], first.Items.Select(d => d.Amount));
        Assert.Equal([500m], second.Items.Select(d => d.Amount));
        Assert.Null(second.ContinuationToken);
        Assert.Empty((await Deals.ListAsync(new DealQuery { Status = DealStatus.Won })).Items);
    }

    private async Task AtDayAsync(DateTimeOffset t0, int day, params Func<Task>[] moves)
    {
        _host.Engine.Time.Advance(t0.AddDays(day) - _host.Now);
        foreach (var move in moves)
        {
            await move();
        }
    }
}
