namespace Crm.Engine.Feedback;

/// <summary>NPS and CSAT for one group.</summary>
/// <param name="Key">The group (see <see cref="FeedbackCounts.Key"/>).</param>
/// <param name="Counts">The counts the figures come from.</param>
public sealed record FeedbackScore(string? Key, FeedbackCounts Counts)
{
    /// <summary>
    /// Gets the Net Promoter Score, from -100 to 100: % promoters (9-10) minus % detractors (0-6), rounded to two
    /// decimals; <see langword="null"/> when no response answered the NPS question.
    /// </summary>
    public decimal? Nps => Counts.NpsResponses == 0
        ? null
        : Math.Round((Counts.Promoters - Counts.Detractors) * 100m / Counts.NpsResponses, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Gets CSAT, from 0 to 100: the % of CSAT answers that are 4 or 5, rounded to two decimals; <see langword="null"/>
    /// when no response answered the CSAT question.
    /// </summary>
    public decimal? Csat => Counts.CsatResponses == 0
        ? null
        : Math.Round(Counts.Satisfied * 100m / Counts.CsatResponses, 2, MidpointRounding.AwayFromZero);
}
