using System.Runtime.ExceptionServices;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Analytics;

internal sealed partial class AnalyticsService
{
    /// <summary>The most sessions one report reads on at once; more lanes than cores only add contention.</summary>
    private const int MaxReportLanes = 4;

    // Adding a section: add a job below (one store call per aggregate) and set its property on the report; the writers
    // in Crm.Engine.Reports skip sections that are null, so nothing else breaks before they learn to draw it.
    public async Task<AnalyticsReport> BuildReportAsync(AnalyticsQuery query, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.ReportsRead);
        var q = AnalyticsValidation.Query(query);
        RevenueSection? revenue = null;
        OrderTotals? history = null;
        var segmentTotals = new (string Name, OrderTotals Totals)[q.Segments.Count];
        AcquisitionSection? acquisition = null;
        ChurnSection? churn = null;
        CohortSection? cohorts = null;
        FunnelSection? funnel = null;
        EngagementSection? engagement = null;
        NpsSection? nps = null;
        SupportSection? support = null;
        PipelineVelocitySection? velocity = null;
        FunnelSection? dealFunnel = null;
        CampaignRoiSection? campaigns = null;
        var omitted = new Dictionary<string, string>(StringComparer.Ordinal);

        // Heaviest first (docs/benchmarks.md, per-section CPU at 1M), so the lanes finish close together; segments are
        // jobs of their own because a segment filter reads the customers table (the vip tag: 3.5 s CPU at 1M). The sections
        // only read, and each writes its own variable; omitted is shared, hence the lock in OptionalAsync.
        (string Name, Func<IStorageSession, Task> Run)[] jobs =
        [
            ("churn", async s => churn = await ChurnAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            ("acquisition", async s => acquisition = await AcquisitionAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            .. q.Segments.Select((name, i) => ("lifetime value of segment " + name, (Func<IStorageSession, Task>)(async s =>
                segmentTotals[i] = (name, await SegmentTotalsAsync(s, q, name, cancellationToken).ConfigureAwait(false))))),
            ("cohorts", async s => cohorts = await CohortsAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            ("revenue", async s => revenue = await RevenueAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            ("lifetime value", async s => history = await HistoryTotalsAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            ("engagement", async s => engagement = new EngagementSection(await s.Analytics.CountInteractionsAsync(q.Period.From, q.Period.To, cancellationToken).ConfigureAwait(false))),
            ("funnel", async s => funnel = await FunnelAsync(s.Analytics, q, cancellationToken).ConfigureAwait(false)),
            ("nps", async s => nps = await OptionalAsync("nps", omitted, () => NpsAsync(s, q, cancellationToken)).ConfigureAwait(false)),
            ("support", async s => support = await OptionalAsync("support", omitted, () => SupportAsync(s, q, cancellationToken)).ConfigureAwait(false)),
            ("pipeline velocity", async s => velocity = await OptionalAsync("pipelineVelocity", omitted, () => VelocityAsync(s, q, cancellationToken)).ConfigureAwait(false)),
            ("deal funnel", async s => dealFunnel = await OptionalAsync("dealFunnel", omitted, () => DealFunnelAsync(s, q, cancellationToken)).ConfigureAwait(false)),
            ("campaigns", async s => campaigns = await OptionalAsync("campaigns", omitted, () => CampaignRoiAsync(s, q, cancellationToken)).ConfigureAwait(false)),
        ];
        await RunInLanesAsync(jobs, progress, cancellationToken).ConfigureAwait(false);
        if (velocity is null && !omitted.ContainsKey("pipelineVelocity"))
        {
            omitted["pipelineVelocity"] = "the query names no pipeline (AnalyticsQuery.PipelineId)";
        }

        // Lifetime value is assembled here: its pieces (history, each segment) ran as separate jobs, and predictive CLV
        // of all customers reuses the revenue section's period totals.
        var lifetimeValue = LifetimeValue(q, history!, revenue!.Totals, segmentTotals);
        var newCustomers = acquisition!.Channels.Sum(c => c.NewCustomers);
        var all = lifetimeValue.Segments[0];
        KpiResult[] tiles =
        [
            new(AnalyticsKpis.Revenue, revenue.Totals.Revenue, new Dictionary<string, decimal>(StringComparer.Ordinal) { ["orders"] = revenue.Totals.Orders }, null),
            new(AnalyticsKpis.NewCustomers, newCustomers, new Dictionary<string, decimal>(StringComparer.Ordinal), null),
            acquisition.Overall,
            all.AverageOrderValue,
            lifetimeValue.Historical,
            all.Predictive,
            churn!.Rate,
            funnel!.Conversion,
            .. nps is null ? Array.Empty<KpiResult>() : [nps.Overall],
            .. support is null ? Array.Empty<KpiResult>() : [support.FirstResponseHours, support.SlaCompliance],
            .. velocity is null ? Array.Empty<KpiResult>() : [velocity.Velocity],
            .. dealFunnel is null ? Array.Empty<KpiResult>() : [dealFunnel.Conversion],
        ];
        return new AnalyticsReport(q, engine.Time.GetUtcNow(), tiles)
        {
            Revenue = revenue,
            Acquisition = acquisition,
            LifetimeValue = lifetimeValue,
            Churn = churn,
            Cohorts = cohorts,
            LifecycleFunnel = funnel,
            Engagement = engagement,
            Nps = nps,
            Support = support,
            PipelineVelocity = velocity,
            DealFunnel = dealFunnel,
            Campaigns = campaigns,
            Omitted = omitted,
        };
    }

    /// <summary>
    /// Runs the report's jobs on up to <see cref="MaxReportLanes"/> sessions at once (at most one per core), each lane
    /// taking the next job when it finishes one. Sessions are separate connections, so on SQLite in WAL mode the lanes
    /// read concurrently. Inside a unit of work every session is the unit's one session, so the jobs run one by one.
    /// </summary>
    private async Task RunInLanesAsync((string Name, Func<IStorageSession, Task> Run)[] jobs, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var inUnit = AmbientUnitOfWork.Current is { } unit && ReferenceEquals(unit.Engine, engine);
        var lanes = inUnit ? 1 : Math.Clamp(Environment.ProcessorCount, 1, MaxReportLanes);
        var next = -1;
        var progressLock = new Lock();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task LaneAsync()
        {
            var session = await engine.OpenSessionAsync(caller, failed.Token).ConfigureAwait(false);
            await using var sessionScope = session.ConfigureAwait(false);
            try
            {
                for (var i = Interlocked.Increment(ref next); i < jobs.Length; i = Interlocked.Increment(ref next))
                {
                    failed.Token.ThrowIfCancellationRequested();
                    lock (progressLock)
                    {
                        progress?.Report(jobs[i].Name);
                    }

                    await jobs[i].Run(session).ConfigureAwait(false);
                }
            }
            catch
            {
                // One failed section fails the report: stop the other lanes instead of letting them finish.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        var tasks = new Task[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            tasks[lane] = lanes == 1 ? LaneAsync() : Task.Run(LaneAsync, CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && tasks.FirstOrDefault(t => t.IsFaulted) is { } cause)
        {
            // A lane stopped because another failed: report that lane's error, not the cancellation it caused.
            ExceptionDispatchInfo.Throw(cause.Exception!.InnerException!);
        }
    }
}
