namespace Crm.Engine.Sales;

/// <summary>
/// When a lead counts as qualified: each BANT part that is required must be known and meet its bar, and at least
/// <see cref="MinimumMet"/> of the four parts must be met.
/// </summary>
public sealed record BantCriteria
{
    /// <summary>Gets the smallest budget that meets the budget part; <see langword="null"/>: any known budget meets it.</summary>
    public decimal? MinimumBudget { get; init; }

    /// <summary>Gets whether the contact must have authority (<see cref="BantQualification.HasAuthority"/> true).</summary>
    public bool RequireAuthority { get; init; } = true;

    /// <summary>Gets whether a need must be recorded.</summary>
    public bool RequireNeed { get; init; } = true;

    /// <summary>Gets the longest time until the timeline date that meets the timeline part; <see langword="null"/>: any known date.</summary>
    public int? MaximumTimelineDays { get; init; } = 180;

    /// <summary>Gets how many of the four parts must be met (1 to 4); default 3.</summary>
    public int MinimumMet { get; init; } = 3;

    /// <summary>Gets the default criteria: authority and need required, at least 3 of 4 parts met, timeline within 180 days.</summary>
    public static BantCriteria Default { get; } = new();
}
