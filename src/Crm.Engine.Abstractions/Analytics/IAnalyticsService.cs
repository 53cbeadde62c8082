namespace Crm.Engine.Analytics;

/// <summary>
/// Computes KPIs and reports for one caller's tenant; every aggregate is computed by the storage provider.
/// Every method demands <c>CrmPermissions.ReportsRead</c>; recording costs demands <see cref="AnalyticsPermissions.CostsWrite"/>.
/// </summary>
public interface IAnalyticsService
{
    /// <summary>Records (or replaces, by id) an acquisition cost.</summary>
    /// <param name="cost">The cost; an empty id gets a new one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored cost.</returns>
    /// <exception cref="CrmValidationException">The channel is empty, the amount negative, or the currency not a three-letter code.</exception>
    Task<AcquisitionCost> RecordCostAsync(AcquisitionCost cost, CancellationToken cancellationToken = default);

    /// <summary>Deletes an acquisition cost.</summary>
    /// <param name="id">The cost's id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DeleteCostAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists the costs booked in a period.</summary>
    /// <param name="period">The period.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The costs, oldest first.</returns>
    Task<IReadOnlyList<AcquisitionCost>> ListCostsAsync(ReportPeriod period, CancellationToken cancellationToken = default);

    /// <summary>Computes revenue and its trend.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<RevenueSection> GetRevenueAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes customer acquisition cost overall and per channel.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<AcquisitionSection> GetAcquisitionAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes historical CLV and predictive CLV for all customers and each segment of the query.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="CrmValidationException">A segment of the query is not saved.</exception>
    Task<LifetimeValueSection> GetLifetimeValueAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes churn over the period and per bucket.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<ChurnSection> GetChurnAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes retention by monthly cohort.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<CohortSection> GetCohortsAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes the funnel over the lifecycle stages of the customers created in the period.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<FunnelSection> GetLifecycleFunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts interactions per channel and direction.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    Task<EngagementSection> GetEngagementAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes the net promoter score over the period and per bucket.</summary>
    /// <param name="query">The period and definitions.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="NotSupportedException">The storage provider does not implement feedback counts.</exception>
    Task<NpsSection> GetNpsAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes first response time, resolution time and SLA compliance over the cases opened in the period.</summary>
    /// <param name="query">The period and definitions.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="NotSupportedException">The storage provider does not implement support case totals.</exception>
    Task<SupportSection> GetSupportAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes the velocity of <see cref="AnalyticsQuery.PipelineId"/>.</summary>
    /// <param name="query">The period, currency and pipeline.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="CrmValidationException">The query names no pipeline, or a pipeline that does not exist.</exception>
    Task<PipelineVelocitySection> GetPipelineVelocityAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes the deal funnel (lead, qualified, opportunity, won) of the leads captured in the period.</summary>
    /// <param name="query">The period.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section, with <see cref="FunnelSection.DealSource"/>.</returns>
    /// <exception cref="NotSupportedException">The storage provider does not implement the lead funnel counts.</exception>
    Task<FunnelSection> GetDealFunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes the return on investment of each campaign sent in the period.</summary>
    /// <param name="query">The period.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="NotSupportedException">The storage provider does not store campaigns.</exception>
    Task<CampaignRoiSection> GetCampaignRoiAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes every section and the KPI tiles.</summary>
    /// <param name="query">The parameters.</param>
    /// <param name="progress">Told the name of each section as it starts; optional.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The report.</returns>
    Task<AnalyticsReport> BuildReportAsync(AnalyticsQuery query, IProgress<string>? progress = null, CancellationToken cancellationToken = default);
}
