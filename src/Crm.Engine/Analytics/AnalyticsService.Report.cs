namespace Crm.Engine.Analytics;

internal sealed partial class AnalyticsService
{
    // Adding a section: compute it here (one store call per aggregate) and set its property on the report; the writers
    // in Crm.Engine.Reports skip sections that are null, so nothing else breaks before they learn to draw it.
    public Task<AnalyticsReport> BuildReportAsync(AnalyticsQuery query, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(query, async (session, q) =>
        {
            var store = session.Analytics;
            progress?.Report("revenue");
            var revenue = await RevenueAsync(store, q, cancellationToken).ConfigureAwait(false);
            progress?.Report("acquisition");
            var acquisition = await AcquisitionAsync(store, q, cancellationToken).ConfigureAwait(false);
            progress?.Report("lifetime value");
            var lifetimeValue = await LifetimeValueAsync(session, q, revenue.Totals, cancellationToken).ConfigureAwait(false);
            progress?.Report("churn");
            var churn = await ChurnAsync(store, q, cancellationToken).ConfigureAwait(false);
            progress?.Report("cohorts");
            var cohorts = await CohortsAsync(store, q, cancellationToken).ConfigureAwait(false);
            progress?.Report("funnel");
            var funnel = await FunnelAsync(store, q, cancellationToken).ConfigureAwait(false);
            progress?.Report("engagement");
            var engagement = new EngagementSection(await store.CountInteractionsAsync(q.Period.From, q.Period.To, cancellationToken).ConfigureAwait(false));
            var omitted = new Dictionary<string, string>(StringComparer.Ordinal);
            progress?.Report("nps");
            var nps = await OptionalAsync("nps", omitted, () => NpsAsync(session, q, cancellationToken)).ConfigureAwait(false);
            progress?.Report("support");
            var support = await OptionalAsync("support", omitted, () => SupportAsync(session, q, cancellationToken)).ConfigureAwait(false);
            progress?.Report("pipeline velocity");
            var velocity = await OptionalAsync("pipelineVelocity", omitted, () => VelocityAsync(session, q, cancellationToken)).ConfigureAwait(false);
            if (velocity is null && !omitted.ContainsKey("pipelineVelocity"))
            {
                omitted["pipelineVelocity"] = "the query names no pipeline (AnalyticsQuery.PipelineId)";
            }

            progress?.Report("deal funnel");
            var dealFunnel = await OptionalAsync("dealFunnel", omitted, () => DealFunnelAsync(session, q, cancellationToken)).ConfigureAwait(false);
            progress?.Report("campaigns");
            var campaigns = await OptionalAsync("campaigns", omitted, () => CampaignRoiAsync(session, q, cancellationToken)).ConfigureAwait(false);

            var newCustomers = acquisition.Channels.Sum(c => c.NewCustomers);
            var all = lifetimeValue.Segments[0];
            KpiResult[] tiles =
            [
                new(AnalyticsKpis.Revenue, revenue.Totals.Revenue, new Dictionary<string, decimal>(StringComparer.Ordinal) { ["orders"] = revenue.Totals.Orders }, null),
                new(AnalyticsKpis.NewCustomers, newCustomers, new Dictionary<string, decimal>(StringComparer.Ordinal), null),
                acquisition.Overall,
                all.AverageOrderValue,
                lifetimeValue.Historical,
                all.Predictive,
                churn.Rate,
                funnel.Conversion,
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
        }, cancellationToken);
}
