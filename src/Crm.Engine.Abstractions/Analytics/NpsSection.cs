namespace Crm.Engine.Analytics;

/// <summary>Net promoter score over the period and per bucket, from the survey responses with an NPS answer.</summary>
/// <param name="Overall">The NPS over the whole period.</param>
/// <param name="Trend">One point per bucket, in order, empty buckets included.</param>
public sealed record NpsSection(KpiResult Overall, IReadOnlyList<NpsPoint> Trend);

/// <summary>NPS of one bucket.</summary>
/// <param name="Start">The first instant of the bucket.</param>
/// <param name="End">The first instant after the bucket.</param>
/// <param name="Responses">Responses with an NPS score received in the bucket.</param>
/// <param name="Promoters">Of those, scores 9 and 10.</param>
/// <param name="Detractors">Of those, scores 0 to 6.</param>
/// <param name="Nps">(promoters − detractors) ÷ responses × 100, or <see langword="null"/> when there are no responses.</param>
public sealed record NpsPoint(DateTimeOffset Start, DateTimeOffset End, long Responses, long Promoters, long Detractors, decimal? Nps);
