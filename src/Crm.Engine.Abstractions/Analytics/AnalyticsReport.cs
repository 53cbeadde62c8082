namespace Crm.Engine.Analytics;

/// <summary>
/// A report: KPI tiles and one optional section per area. A section is <see langword="null"/> when it was not requested
/// or its area is not installed; renderers skip it.
/// </summary>
/// <remarks>
/// To add a section (deal funnel, support, campaign ROI, NPS): a store method on the area's store or
/// <see cref="IAnalyticsStore"/>, a section record here, a nullable property below, one step in the engine's
/// report builder, and a renderer in the HTML, JSON and CSV writers (see <c>docs/analytics.md</c>, "Adding a section").
/// </remarks>
/// <param name="Query">The parameters the report was computed with.</param>
/// <param name="GeneratedAt">When it was computed.</param>
/// <param name="Tiles">The headline KPIs.</param>
public sealed record AnalyticsReport(AnalyticsQuery Query, DateTimeOffset GeneratedAt, IReadOnlyList<KpiResult> Tiles)
{
    /// <summary>Gets revenue and its trend.</summary>
    public RevenueSection? Revenue { get; init; }

    /// <summary>Gets acquisition cost.</summary>
    public AcquisitionSection? Acquisition { get; init; }

    /// <summary>Gets lifetime value.</summary>
    public LifetimeValueSection? LifetimeValue { get; init; }

    /// <summary>Gets churn and its trend.</summary>
    public ChurnSection? Churn { get; init; }

    /// <summary>Gets retention by monthly cohort.</summary>
    public CohortSection? Cohorts { get; init; }

    /// <summary>Gets the funnel over customers' lifecycle stages.</summary>
    public FunnelSection? LifecycleFunnel { get; init; }

    /// <summary>Gets interactions per channel and direction.</summary>
    public EngagementSection? Engagement { get; init; }

    /// <summary>Gets the net promoter score and its trend.</summary>
    public NpsSection? Nps { get; init; }

    /// <summary>Gets the support metrics (first response, resolution, SLA compliance).</summary>
    public SupportSection? Support { get; init; }

    /// <summary>Gets the pipeline velocity of <see cref="AnalyticsQuery.PipelineId"/>.</summary>
    public PipelineVelocitySection? PipelineVelocity { get; init; }

    /// <summary>Gets the deal funnel (lead, qualified, opportunity, won) of the leads captured in the period.</summary>
    public FunnelSection? DealFunnel { get; init; }

    /// <summary>Gets the return on investment of the campaigns sent in the period.</summary>
    public CampaignRoiSection? Campaigns { get; init; }

    /// <summary>Gets why sections are missing (section name → reason), for sections whose data the storage provider cannot aggregate or the query did not ask for.</summary>
    public IReadOnlyDictionary<string, string> Omitted { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
