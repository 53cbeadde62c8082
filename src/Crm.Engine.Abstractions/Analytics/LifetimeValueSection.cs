namespace Crm.Engine.Analytics;

/// <summary>Customer lifetime value: historical over all customers, predictive per segment.</summary>
/// <param name="Historical">Revenue per buying customer to date.</param>
/// <param name="Segments">Predictive CLV for all customers (segment <see cref="AllCustomers"/>) then each requested segment.</param>
public sealed record LifetimeValueSection(KpiResult Historical, IReadOnlyList<SegmentLifetimeValue> Segments)
{
    /// <summary>The segment name used for all customers.</summary>
    public const string AllCustomers = "(all customers)";
}

/// <summary>Predictive CLV of one segment and its factors.</summary>
/// <param name="Segment">The saved segment's name, or <see cref="LifetimeValueSection.AllCustomers"/>.</param>
/// <param name="AverageOrderValue">Revenue / orders in the period.</param>
/// <param name="PurchaseFrequency">Orders per buyer per year.</param>
/// <param name="Predictive">AOV x frequency x expected lifespan.</param>
public sealed record SegmentLifetimeValue(string Segment, KpiResult AverageOrderValue, KpiResult PurchaseFrequency, KpiResult Predictive);
