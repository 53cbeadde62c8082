using Crm.Engine.Feedback;
using Crm.Engine.Sales;
using Crm.Engine.Storage;

namespace Crm.Engine.Analytics;

/// <summary>The sections built from other areas' stores: NPS (feedback), support metrics, pipeline velocity (sales).</summary>
internal sealed partial class AnalyticsService
{
    public Task<NpsSection> GetNpsAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => NpsAsync(session, q, cancellationToken), cancellationToken);

    public Task<SupportSection> GetSupportAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => SupportAsync(session, q, cancellationToken), cancellationToken);

    public Task<PipelineVelocitySection> GetPipelineVelocityAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, async (session, q) => await VelocityAsync(session, q, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException("pipelineId", "the query names no pipeline; set AnalyticsQuery.PipelineId.", "required"), cancellationToken);

    private static async Task<NpsSection> NpsAsync(IStorageSession session, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // The feedback store's own aggregate, once for the period and once per bucket (a few indexed range counts), so
        // buckets cut to the period need no key mapping and every provider with feedback counts works.
        var feedback = session.Feedback;
        var overall = await CountNpsAsync(feedback, query.Period.From, query.Period.To, cancellationToken).ConfigureAwait(false);
        var boundaries = query.Period.Boundaries();
        var trend = new List<NpsPoint>(boundaries.Count - 1);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            var counts = await CountNpsAsync(feedback, boundaries[i], boundaries[i + 1], cancellationToken).ConfigureAwait(false);
            trend.Add(new NpsPoint(boundaries[i], boundaries[i + 1], counts.NpsResponses, counts.Promoters, counts.Detractors, NpsOf(counts)));
        }

        var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["promoters"] = overall.Promoters,
            ["detractors"] = overall.Detractors,
            ["responses"] = overall.NpsResponses,
        };
        var kpi = overall.NpsResponses == 0
            ? new KpiResult(AnalyticsKpis.Nps, null, inputs, "responses is 0")
            : new KpiResult(AnalyticsKpis.Nps, NpsOf(overall), inputs, null);
        return new NpsSection(kpi, trend);
    }

    private static async Task<FeedbackCounts> CountNpsAsync(IFeedbackStore feedback, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var rows = await feedback.CountAsync(new FeedbackQuery { From = from, Until = until, GroupBy = FeedbackGrouping.None }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? new FeedbackCounts(null, 0, 0, 0, 0, 0, 0) : rows[0];
    }

    /// <summary>(promoters − detractors) ÷ responses × 100, unrounded (FeedbackScore rounds to 2 places for display).</summary>
    private static decimal? NpsOf(FeedbackCounts counts) =>
        counts.NpsResponses == 0 ? null : (counts.Promoters - counts.Detractors) * 100m / counts.NpsResponses;

    private async Task<SupportSection> SupportAsync(IStorageSession session, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var totals = await session.Support.GetCaseTotalsAsync(query.Period.From, query.Period.To, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var response = KpiResult.Ratio(AnalyticsKpis.FirstResponseTime, "responseHours", Hours(totals.ResponseTime), "respondedCases", totals.Responded);
        var resolution = KpiResult.Ratio(AnalyticsKpis.ResolutionTime, "resolutionHours", Hours(totals.ResolutionTime), "resolvedCases", totals.Resolved);
        var sla = KpiResult.Ratio(AnalyticsKpis.SlaCompliance, "milestonesMet", totals.SlaMet, "milestonesDecided", totals.SlaDecided);
        return new SupportSection(totals, response, resolution, sla);
    }

    private static decimal Hours(TimeSpan duration) => (decimal)duration.Ticks / TimeSpan.TicksPerHour;

    private static async Task<PipelineVelocitySection?> VelocityAsync(IStorageSession session, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        if (query.PipelineId is not { } pipelineId)
        {
            return null;
        }

        var pipeline = await session.Sales.GetPipelineAsync(pipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException("pipelineId", $"no pipeline has the id {pipelineId}.", "notFound");
        var sums = await session.Sales.AggregateAsync(new SalesMetricsQuery(pipelineId, query.Currency, query.Period.From, query.Period.To), pipeline, cancellationToken).ConfigureAwait(false);
        var metrics = SalesMetricsCalculator.Compute(sums);
        var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["openDeals"] = metrics.OpenDeals,
            ["winRate"] = metrics.WinRate ?? 0m,
            ["averageDealSize"] = metrics.AverageDealSize ?? 0m,
            ["cycleDays"] = metrics.AverageCycleDays ?? 0m,
        };
        var reason = metrics.Velocity is not null ? null
            : sums.Won + sums.Lost == 0 ? "closedDeals is 0"
            : sums.Won == 0 ? "wonDeals is 0"
            : "cycleDays is 0";
        return new PipelineVelocitySection(pipelineId, metrics, new KpiResult(AnalyticsKpis.PipelineVelocity, metrics.Velocity, inputs, reason));
    }

    /// <summary>Runs an optional section: a store that cannot aggregate it leaves it out with the reason.</summary>
    private static async Task<T?> OptionalAsync<T>(string section, Dictionary<string, string> omitted, Func<Task<T>> compute)
        where T : class?
    {
        try
        {
            return await compute().ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            // The report runs sections concurrently; the dictionary is theirs to share.
            lock (omitted)
            {
                omitted[section] = e.Message;
            }

            return null;
        }
    }
}
