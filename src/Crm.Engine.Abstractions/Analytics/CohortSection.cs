namespace Crm.Engine.Analytics;

/// <summary>Retention by monthly cohort.</summary>
/// <param name="Basis">What put customers into cohorts.</param>
/// <param name="Rows">One row per cohort, oldest first.</param>
public sealed record CohortSection(CohortBasis Basis, IReadOnlyList<CohortRow> Rows);

/// <summary>One cohort's retention.</summary>
/// <param name="Month">The first day of the cohort's month.</param>
/// <param name="Size">The customers in the cohort.</param>
/// <param name="Retention">Index k: the share of the cohort that bought k months after the cohort month, up to the end of the period.</param>
public sealed record CohortRow(DateOnly Month, long Size, IReadOnlyList<decimal> Retention);
