namespace Crm.Engine.Feedback;

/// <summary>The counts behind NPS and CSAT for one group, as the store aggregates them.</summary>
/// <param name="Key">The group: a segment, an agent, or the period's start as <c>yyyy-MM-dd</c>; <see langword="null"/> for the ungrouped figure or responses without the grouped field.</param>
/// <param name="NpsResponses">Responses with an NPS answer.</param>
/// <param name="Promoters">NPS answers of 9 or 10.</param>
/// <param name="Passives">NPS answers of 7 or 8.</param>
/// <param name="Detractors">NPS answers of 0 to 6.</param>
/// <param name="CsatResponses">Responses with a CSAT answer.</param>
/// <param name="Satisfied">CSAT answers of 4 or 5.</param>
public sealed record FeedbackCounts(string? Key, long NpsResponses, long Promoters, long Passives, long Detractors, long CsatResponses, long Satisfied);
