namespace Crm.Engine.Sales;

/// <summary>
/// The sales profile of a lead. A lead is a customer record (usually in <see cref="LifecycleStage.Lead"/>) plus this
/// profile, which shares the customer's identifier; conversion keeps both, so the timeline stays with the person.
/// </summary>
public sealed record LeadProfile : ICrmEntity
{
    /// <summary>Gets the customer's identifier, which is also the lead's.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the owning tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets where the lead came from.</summary>
    public required LeadSource Source { get; init; }

    /// <summary>Gets what is known for BANT qualification.</summary>
    public BantQualification Bant { get; init; } = BantQualification.Unknown;

    /// <summary>Gets the score as of <see cref="ScoredAt"/> (before decay).</summary>
    public decimal Score { get; init; }

    /// <summary>Gets when <see cref="Score"/> was computed, or <see langword="null"/> when never scored.</summary>
    public DateTimeOffset? ScoredAt { get; init; }

    /// <summary>Gets whether the score is at or above the threshold (set when crossing up, cleared when decaying below).</summary>
    public bool AboveThreshold { get; init; }

    /// <summary>Gets when the lead was qualified, or <see langword="null"/>.</summary>
    public DateTimeOffset? QualifiedAt { get; init; }

    /// <summary>Gets when the lead was converted, or <see langword="null"/>.</summary>
    public DateTimeOffset? ConvertedAt { get; init; }

    /// <summary>Gets the deal created by the conversion, or <see langword="null"/>.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the owning user, or <see langword="null"/>.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the owning team, or <see langword="null"/>.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets when the lead was captured.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the profile last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the stored version.</summary>
    public long Version { get; init; }

    /// <summary>Gets whether the lead has been converted.</summary>
    public bool IsConverted => ConvertedAt is not null;

    /// <summary>Gets the score decayed to <paramref name="now"/> with <paramref name="halfLife"/>.</summary>
    /// <param name="now">The instant to decay to.</param>
    /// <param name="halfLife">The half-life, or <see langword="null"/> for no decay.</param>
    /// <returns>The decayed score, rounded to 4 decimals (away from zero).</returns>
    public decimal ScoreAt(DateTimeOffset now, TimeSpan? halfLife) => LeadScoreDecay.Decay(Score, ScoredAt, now, halfLife);
}
