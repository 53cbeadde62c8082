namespace Crm.Engine.Sales;

/// <summary>
/// The tenant's lead scoring model: rules earn points when a lead is scored; the stored score decays with a half-life
/// between scorings; crossing <see cref="Threshold"/> upwards fires <see cref="ThresholdTrigger"/> once per crossing.
/// </summary>
/// <remarks>
/// Decayed score at time t = stored score x 0.5 ^ ((t - scoredAt) / half-life). A rescoring adds the points of every
/// matching rule to the decayed score. A lead that fell below the threshold and rises above it again crosses again.
/// </remarks>
public sealed record LeadScoringOptions
{
    /// <summary>Gets the rules.</summary>
    public IReadOnlyList<LeadScoringRule> Rules { get; init; } = [];

    /// <summary>Gets the half-life of a score; <see langword="null"/> for no decay.</summary>
    public TimeSpan? HalfLife { get; init; }

    /// <summary>Gets the score at or above which a lead is sales-ready; <see langword="null"/> for no threshold.</summary>
    public decimal? Threshold { get; init; }

    /// <summary>Gets the workflow trigger fired on the lead's running workflow instances when the threshold is crossed.</summary>
    public string ThresholdTrigger { get; init; } = "scoreThresholdReached";

    /// <summary>Gets the BANT criteria for qualification.</summary>
    public BantCriteria Qualification { get; init; } = BantCriteria.Default;
}
