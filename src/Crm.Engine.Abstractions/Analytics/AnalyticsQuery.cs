namespace Crm.Engine.Analytics;

/// <summary>Parameters shared by every KPI and the report: the period, the currency amounts are counted in, and the definitions that can be tuned.</summary>
/// <param name="Period">The period the KPIs cover.</param>
/// <param name="Currency">The ISO 4217 code of the amounts counted; purchases and costs in other currencies are left out (no conversion).</param>
public sealed record AnalyticsQuery(ReportPeriod Period, string Currency)
{
    /// <summary>Gets the churn definition: a customer is active at an instant when they bought in the window before it, churned when no longer active. Default 90 days.</summary>
    public TimeSpan ChurnWindow { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Gets what puts a customer into a monthly cohort.</summary>
    public CohortBasis CohortBasis { get; init; } = CohortBasis.FirstPurchase;

    /// <summary>Gets the expected customer lifespan in years that predictive CLV multiplies by. Default 3.</summary>
    public decimal ExpectedLifespanYears { get; init; } = 3m;

    /// <summary>Gets the saved segments predictive CLV is computed for, besides all customers.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Gets the sales pipeline whose velocity the report shows; <see langword="null"/> leaves the section out.</summary>
    public Guid? PipelineId { get; init; }
}
