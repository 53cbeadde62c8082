using Crm.Engine.Conditions;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Analytics;

/// <summary>
/// Turns the store's aggregates into KPIs for one caller. All counting and summing happens in the store; this class
/// only divides, which is where undefined values (division by zero) are decided.
/// </summary>
internal sealed partial class AnalyticsService(CrmEngine engine, CrmCaller caller) : IAnalyticsService
{
    private const decimal DaysPerYear = 365.25m;

    public async Task<AcquisitionCost> RecordCostAsync(AcquisitionCost cost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cost);
        engine.Access.Demand(caller, AnalyticsPermissions.CostsWrite);
        var stored = AnalyticsValidation.Cost(cost, engine.Time.GetUtcNow());
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var before = await session.Analytics.GetCostAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        await session.Analytics.UpsertCostAsync(stored, cancellationToken).ConfigureAwait(false);
        var now = engine.Time.GetUtcNow();
        await engine.Events.PublishAsync(new AcquisitionCostRecorded(stored, before) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<bool> DeleteCostAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, AnalyticsPermissions.CostsWrite);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        if (!await session.Analytics.DeleteCostAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var now = engine.Time.GetUtcNow();
        await engine.Events.PublishAsync(new AcquisitionCostDeleted(id) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<AcquisitionCost>> ListCostsAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        engine.Access.Demand(caller, CrmPermissions.ReportsRead);
        period.Validate();
        return await WithStoreAsync(store => store.ListCostsAsync(period.From, period.To, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public Task<RevenueSection> GetRevenueAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => RevenueAsync(session.Analytics, q, cancellationToken), cancellationToken);

    public Task<AcquisitionSection> GetAcquisitionAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => AcquisitionAsync(session.Analytics, q, cancellationToken), cancellationToken);

    public Task<LifetimeValueSection> GetLifetimeValueAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => LifetimeValueAsync(session, q, null, cancellationToken), cancellationToken);

    public Task<ChurnSection> GetChurnAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => ChurnAsync(session.Analytics, q, cancellationToken), cancellationToken);

    public Task<CohortSection> GetCohortsAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => CohortsAsync(session.Analytics, q, cancellationToken), cancellationToken);

    public Task<FunnelSection> GetLifecycleFunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => FunnelAsync(session.Analytics, q, cancellationToken), cancellationToken);

    public Task<EngagementSection> GetEngagementAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, async (session, q) => new EngagementSection(
            await session.Analytics.CountInteractionsAsync(q.Period.From, q.Period.To, cancellationToken).ConfigureAwait(false)), cancellationToken);

    private async Task<RevenueSection> RevenueAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var totals = await store.GetOrderTotalsAsync(query.Period.From, query.Period.To, query.Currency, null, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var trend = await store.GetRevenueTrendAsync(query.Period.Boundaries(), query.Currency, cancellationToken).ConfigureAwait(false);
        return new RevenueSection(totals, trend);
    }

    private static async Task<AcquisitionSection> AcquisitionAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var costs = await store.SumCostsByChannelAsync(query.Period.From, query.Period.To, query.Currency, cancellationToken).ConfigureAwait(false);
        var acquired = await store.CountAcquiredByChannelAsync(query.Period.From, query.Period.To, cancellationToken).ConfigureAwait(false);
        var costByChannel = costs.ToDictionary(c => c.Key, c => c.Amount, StringComparer.Ordinal);
        var newByChannel = acquired.ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
        var channels = costByChannel.Keys.Union(newByChannel.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(channel =>
            {
                var cost = costByChannel.GetValueOrDefault(channel);
                var count = newByChannel.GetValueOrDefault(channel);
                return new ChannelAcquisition(channel, cost, count, KpiResult.Ratio(AnalyticsKpis.Cac, "cost", cost, "newCustomers", count));
            })
            .ToList();
        var overall = KpiResult.Ratio(AnalyticsKpis.Cac, "cost", costByChannel.Values.Sum(), "newCustomers", newByChannel.Values.Sum());
        return new AcquisitionSection(overall, channels);
    }

    private async Task<LifetimeValueSection> LifetimeValueAsync(IStorageSession session, AnalyticsQuery query, OrderTotals? periodTotals, CancellationToken cancellationToken)
    {
        var store = session.Analytics;
        var asOf = engine.Time.GetUtcNow();
        var history = await HistoryTotalsAsync(store, query, cancellationToken).ConfigureAwait(false);
        var all = periodTotals ?? await store.GetOrderTotalsAsync(query.Period.From, query.Period.To, query.Currency, null, asOf, cancellationToken).ConfigureAwait(false);
        var segments = new List<(string Name, OrderTotals Totals)>();
        foreach (var name in query.Segments)
        {
            segments.Add((name, await SegmentTotalsAsync(session, query, name, cancellationToken).ConfigureAwait(false)));
        }

        return LifetimeValue(query, history, all, segments);
    }

    private Task<OrderTotals> HistoryTotalsAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken) =>
        store.GetOrderTotalsAsync(null, query.Period.To, query.Currency, null, engine.Time.GetUtcNow(), cancellationToken);

    private async Task<OrderTotals> SegmentTotalsAsync(IStorageSession session, AnalyticsQuery query, string name, CancellationToken cancellationToken)
    {
        var asOf = engine.Time.GetUtcNow();
        var condition = await SegmentConditionAsync(session, name, asOf, cancellationToken).ConfigureAwait(false);
        return await session.Analytics.GetOrderTotalsAsync(query.Period.From, query.Period.To, query.Currency, condition, asOf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Historical CLV over all history, predictive CLV for all customers and each segment, from their order totals.</summary>
    private static LifetimeValueSection LifetimeValue(AnalyticsQuery query, OrderTotals history, OrderTotals all, IEnumerable<(string Name, OrderTotals Totals)> segments)
    {
        var historical = KpiResult.Ratio(AnalyticsKpis.HistoricalClv, "revenue", history.Revenue, "customers", history.Buyers);
        List<SegmentLifetimeValue> rows = [Predictive(LifetimeValueSection.AllCustomers, all, query), .. segments.Select(s => Predictive(s.Name, s.Totals, query))];
        return new LifetimeValueSection(historical, rows);
    }

    private static SegmentLifetimeValue Predictive(string segment, OrderTotals totals, AnalyticsQuery query)
    {
        var aov = KpiResult.Ratio(AnalyticsKpis.AverageOrderValue, "revenue", totals.Revenue, "orders", totals.Orders);
        var yearsInPeriod = (decimal)query.Period.Days / DaysPerYear;
        var perBuyer = KpiResult.Ratio(AnalyticsKpis.PurchaseFrequency, "orders", totals.Orders, "buyers", totals.Buyers);
        var frequency = perBuyer with
        {
            Value = perBuyer.Value / yearsInPeriod,
            Inputs = new Dictionary<string, decimal>(perBuyer.Inputs, StringComparer.Ordinal) { ["years"] = yearsInPeriod },
        };
        var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["averageOrderValue"] = aov.Value ?? 0m,
            ["purchasesPerYear"] = frequency.Value ?? 0m,
            ["lifespanYears"] = query.ExpectedLifespanYears,
        };
        var predictive = aov.Value is { } value && frequency.Value is { } perYear
            ? new KpiResult(AnalyticsKpis.PredictiveClv, value * perYear * query.ExpectedLifespanYears, inputs, null)
            : new KpiResult(AnalyticsKpis.PredictiveClv, null, inputs, aov.UndefinedReason ?? frequency.UndefinedReason);
        return new SegmentLifetimeValue(segment, aov, frequency, predictive);
    }

    private static async Task<ChurnSection> ChurnAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // One call for both: the period's boundaries are the first and last bucket boundaries, so a store can read the
        // purchases once (SQLite does; the interface's default makes two calls).
        var counts = await store.GetChurnWithTrendAsync(query.Period.Boundaries(), query.ChurnWindow, cancellationToken).ConfigureAwait(false);
        var whole = counts.Whole;
        var rate = KpiResult.Ratio(AnalyticsKpis.ChurnRate, "churned", whole.Churned, "activeAtStart", whole.ActiveAtStart);
        var points = counts.Trend.Select(p => new ChurnTrendPoint(p, p.ActiveAtStart == 0 ? null : (decimal)p.Churned / p.ActiveAtStart)).ToList();
        return new ChurnSection(rate, points);
    }

    private static async Task<CohortSection> CohortsAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var counts = await store.GetCohortsAsync(query.Period.From, query.Period.To, query.CohortBasis, cancellationToken).ConfigureAwait(false);
        var last = DateOnly.FromDateTime(query.Period.To.UtcDateTime.AddTicks(-1));
        var rows = counts.Sizes.Select(size =>
        {
            var months = ((last.Year - size.CohortMonth.Year) * 12) + last.Month - size.CohortMonth.Month + 1;
            var retention = new decimal[Math.Max(months, 0)];
            foreach (var cell in counts.Cells.Where(c => c.CohortMonth == size.CohortMonth && c.MonthOffset < retention.Length))
            {
                retention[cell.MonthOffset] = size.Customers == 0 ? 0m : (decimal)cell.Customers / size.Customers;
            }

            return new CohortRow(size.CohortMonth, size.Customers, retention);
        }).ToList();
        return new CohortSection(query.CohortBasis, rows);
    }

    private static async Task<FunnelSection> FunnelAsync(IAnalyticsStore store, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var counts = await store.CountByLifecycleStageAsync(query.Period.From, query.Period.To, cancellationToken).ConfigureAwait(false);
        return LifecycleFunnel.Build(counts);
    }

    private static async Task<Condition> SegmentConditionAsync(IStorageSession session, string name, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var segment = await session.Segments.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException("segments", $"no segment is named '{name}'; save it first or check the name.", "notFound");
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var catalog = definitions.Count == 0 ? SegmentFields.Customer : SegmentFields.Build(definitions);
        var condition = ConditionParser.Parse(segment.ConditionJson, catalog, "segment:" + name);
        return TenantConditions.Bind(condition, catalog, definitions, asOf);
    }

    private async Task<T> RunAsync<T>(AnalyticsQuery query, Func<IStorageSession, AnalyticsQuery, Task<T>> compute, CancellationToken cancellationToken)
    {
        engine.Access.Demand(caller, CrmPermissions.ReportsRead);
        var checkedQuery = AnalyticsValidation.Query(query);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await compute(session, checkedQuery).ConfigureAwait(false);
    }

    private async Task<T> WithStoreAsync<T>(Func<IAnalyticsStore, Task<T>> read, CancellationToken cancellationToken)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await read(session.Analytics).ConfigureAwait(false);
    }
}
