namespace Crm.Plugins.Loyalty.Points;

/// <summary>Multiplies the points of earning events attributed to a campaign, or made during a promotion window.</summary>
public sealed record CampaignMultiplier
{
    /// <summary>Gets the promotion's name, shown in the entry's reason.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the campaign an event must be attributed to; <see langword="null"/> for every event in the window.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the factor, more than 1: 2 doubles the points the other rules awarded.</summary>
    public required decimal Multiplier { get; init; }

    /// <summary>Gets when the promotion starts, inclusive; <see langword="null"/> for no start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets when it ends, exclusive; <see langword="null"/> for no end.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Tells whether the multiplier applies to an event.</summary>
    /// <param name="campaignId">The event's campaign.</param>
    /// <param name="occurredAt">When the event happened.</param>
    /// <returns>Whether it applies.</returns>
    public bool AppliesTo(Guid? campaignId, DateTimeOffset occurredAt) =>
        (CampaignId is null || CampaignId == campaignId)
        && (From is null || occurredAt >= From)
        && (Until is null || occurredAt < Until);
}
