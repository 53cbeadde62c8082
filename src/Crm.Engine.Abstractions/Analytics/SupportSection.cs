namespace Crm.Engine.Analytics;

/// <summary>Support metrics over the cases opened in the period.</summary>
/// <param name="Totals">The counts and durations the KPIs are computed from.</param>
/// <param name="FirstResponseHours">Mean hours from opening to first response, over the cases that had one.</param>
/// <param name="ResolutionHours">Mean hours from opening to resolution, over the resolved cases.</param>
/// <param name="SlaCompliance">SLA milestones met ÷ SLA milestones decided.</param>
public sealed record SupportSection(SupportCaseTotals Totals, KpiResult FirstResponseHours, KpiResult ResolutionHours, KpiResult SlaCompliance);

/// <summary>The sums behind <see cref="SupportSection"/>, computed by the support store.</summary>
/// <param name="Opened">Cases opened in the period.</param>
/// <param name="Responded">Of those, cases with a first response.</param>
/// <param name="ResponseTime">Sum of (first response − opened) over the responded cases.</param>
/// <param name="Resolved">Of those, cases resolved.</param>
/// <param name="ResolutionTime">Sum of (resolved − opened) over the resolved cases.</param>
/// <param name="SlaDecided">
/// SLA milestones (first response and resolution, each counted when the case has a due time for it) that are decided:
/// done, or not done and already past due at the report's instant. Milestones still in time are left out.
/// </param>
/// <param name="SlaMet">Of those, milestones done at or before their due time.</param>
public sealed record SupportCaseTotals(long Opened, long Responded, TimeSpan ResponseTime, long Resolved, TimeSpan ResolutionTime, long SlaDecided, long SlaMet);
