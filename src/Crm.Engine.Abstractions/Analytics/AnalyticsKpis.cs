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
    public static IReadOnlyList<KpiDefinition> All { get; } =
        [Revenue, NewCustomers, Cac, AverageOrderValue, PurchaseFrequency, HistoricalClv, PredictiveClv, ChurnRate, FunnelConversion];
}
