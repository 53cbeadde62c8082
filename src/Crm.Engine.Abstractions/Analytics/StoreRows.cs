namespace Crm.Engine.Analytics;

/// <summary>A count per key (a channel, a lifecycle stage, ...).</summary>
/// <param name="Key">The key.</param>
/// <param name="Count">The count.</param>
public sealed record KeyedCount(string Key, long Count);

/// <summary>An amount per key (cost per channel).</summary>
/// <param name="Key">The key.</param>
/// <param name="Amount">The amount.</param>
public sealed record KeyedAmount(string Key, decimal Amount);

/// <summary>Order aggregates of one set of purchases.</summary>
/// <param name="Orders">The number of purchases.</param>
/// <param name="Revenue">The sum of their totals.</param>
/// <param name="Buyers">The number of distinct customers who made them.</param>
public sealed record OrderTotals(long Orders, decimal Revenue, long Buyers)
{
    /// <summary>Gets the totals of no purchases.</summary>
    public static OrderTotals Empty { get; } = new(0, 0m, 0);
}

/// <summary>Order aggregates of one trend bucket.</summary>
/// <param name="Start">The first instant of the bucket.</param>
/// <param name="End">The first instant after the bucket.</param>
/// <param name="Totals">The purchases in the bucket.</param>
/// <param name="NewCustomers">Customers created in the bucket.</param>
public sealed record RevenuePoint(DateTimeOffset Start, DateTimeOffset End, OrderTotals Totals, long NewCustomers);

/// <summary>Churn over one bucket.</summary>
/// <param name="Start">The first instant of the bucket.</param>
/// <param name="End">The first instant after the bucket.</param>
/// <param name="ActiveAtStart">Customers active at <paramref name="Start"/>.</param>
/// <param name="Churned">Of those, the customers no longer active at <paramref name="End"/>.</param>
public sealed record ChurnPoint(DateTimeOffset Start, DateTimeOffset End, long ActiveAtStart, long Churned);

/// <summary>One cell of the cohort table: how many customers of a cohort bought in a later month.</summary>
/// <param name="CohortMonth">The first day of the cohort's month (UTC).</param>
/// <param name="MonthOffset">Months since the cohort month; 0 is the cohort month itself.</param>
/// <param name="Customers">Distinct customers of the cohort who bought in that month.</param>
public sealed record CohortCell(DateOnly CohortMonth, int MonthOffset, long Customers);

/// <summary>Interactions of one channel and direction.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Direction">The direction.</param>
/// <param name="Count">The number of interactions.</param>
public sealed record InteractionCount(string Channel, InteractionDirection Direction, long Count);

/// <summary>The size of one monthly cohort.</summary>
/// <param name="CohortMonth">The first day of the cohort's month (UTC).</param>
/// <param name="Customers">The customers in the cohort.</param>
public sealed record CohortSize(DateOnly CohortMonth, long Customers);

/// <summary>The raw counts behind the cohort retention table.</summary>
/// <param name="Sizes">Each cohort's size, oldest first.</param>
/// <param name="Cells">How many of each cohort bought in each later month.</param>
public sealed record CohortCounts(IReadOnlyList<CohortSize> Sizes, IReadOnlyList<CohortCell> Cells);
