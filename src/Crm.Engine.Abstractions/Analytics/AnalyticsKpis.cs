namespace Crm.Engine.Analytics;

/// <summary>The KPIs the engine computes today, with their formulas (the same text as <c>docs/analytics.md</c>).</summary>
public static class AnalyticsKpis
{
    /// <summary>Customer acquisition cost.</summary>
    public static readonly KpiDefinition Cac = new("cac", "Customer acquisition cost",
        "acquisition costs booked in the period / customers whose first purchase falls in the period (per channel: costs of the channel / new customers whose first interaction was on the channel)", "money");

    /// <summary>Historical customer lifetime value.</summary>
    public static readonly KpiDefinition HistoricalClv = new("clv.historical", "Customer lifetime value (historical)",
        "revenue of all purchases before the end of the period / distinct customers who made them", "money");

    /// <summary>Average order value.</summary>
    public static readonly KpiDefinition AverageOrderValue = new("aov", "Average order value",
        "revenue of the purchases in the period / number of those purchases", "money");

    /// <summary>Purchase frequency per year.</summary>
    public static readonly KpiDefinition PurchaseFrequency = new("frequency", "Purchase frequency",
        "(purchases in the period / distinct buyers in the period) x (365.25 / days in the period)", "perYear");

    /// <summary>Predictive customer lifetime value.</summary>
    public static readonly KpiDefinition PredictiveClv = new("clv.predictive", "Customer lifetime value (predictive)",
        "average order value x purchase frequency per year x expected lifespan in years", "money");

    /// <summary>Churn rate.</summary>
    public static readonly KpiDefinition ChurnRate = new("churn", "Churn rate",
        "customers active at the start and not active at the end / customers active at the start; active at t = bought in [t - window, t)", "ratio");

    /// <summary>Lifecycle funnel conversion.</summary>
    public static readonly KpiDefinition FunnelConversion = new("funnel.conversion", "Lead to customer conversion",
        "customers created in the period who reached the Customer stage / those who reached the Lead stage", "ratio");

    /// <summary>Revenue.</summary>
    public static readonly KpiDefinition Revenue = new("revenue", "Revenue",
        "sum of the totals of the purchases in the period, in the report currency", "money");

    /// <summary>New customers.</summary>
    public static readonly KpiDefinition NewCustomers = new("customers.new", "New customers",
        "customers whose first purchase falls in the period", "count");

    /// <summary>Every definition, in display order.</summary>
    /// <summary>Net promoter score.</summary>
    public static readonly KpiDefinition Nps = new("nps", "Net promoter score",
        "(responses scoring 9-10 - responses scoring 0-6) / responses with an NPS score x 100, over the responses received in the period", "score");

    /// <summary>Mean first response time of support cases.</summary>
    public static readonly KpiDefinition FirstResponseTime = new("support.firstResponseHours", "First response time",
        "sum of (first response - opened) / cases with a first response, over the cases opened in the period, in hours", "hours");

    /// <summary>Mean resolution time of support cases.</summary>
    public static readonly KpiDefinition ResolutionTime = new("support.resolutionHours", "Resolution time",
        "sum of (resolved - opened) / resolved cases, over the cases opened in the period, in hours", "hours");

    /// <summary>Share of SLA milestones met.</summary>
    public static readonly KpiDefinition SlaCompliance = new("support.slaCompliance", "SLA compliance",
        "SLA milestones met on time / SLA milestones decided (done, or past due), over the cases opened in the period", "ratio");

    /// <summary>Pipeline velocity.</summary>
    public static readonly KpiDefinition PipelineVelocity = new("sales.velocity", "Pipeline velocity",
        "open deals x win rate x average won deal size / average sales cycle in days, for deals closed in the period", "money");

    /// <summary>Deal funnel conversion.</summary>
    public static readonly KpiDefinition DealConversion = new("deals.conversion", "Lead to won deal conversion",
        "leads captured in the period whose customer has a won deal after conversion / leads captured in the period", "ratio");

    /// <summary>Campaign return on investment.</summary>
    public static readonly KpiDefinition CampaignRoi = new("campaign.roi", "Campaign ROI",
        "(revenue of the purchases attributed to the campaign - the campaign's cost) / the campaign's cost, for campaigns sent in the period", "ratio");

    /// <summary>Gets every KPI definition.</summary>
    public static IReadOnlyList<KpiDefinition> All { get; } =
        [Revenue, NewCustomers, Cac, AverageOrderValue, PurchaseFrequency, HistoricalClv, PredictiveClv, ChurnRate, FunnelConversion, Nps, FirstResponseTime, ResolutionTime, SlaCompliance, PipelineVelocity, DealConversion, CampaignRoi];
}
