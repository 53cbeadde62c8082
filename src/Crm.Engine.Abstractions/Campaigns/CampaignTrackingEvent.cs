namespace Crm.Engine.Campaigns;

/// <summary>
/// One tracked occurrence to record: stores keep one row per campaign, customer and kind, counting repeats and adding
/// amounts (conversions).
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Kind">What happened.</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record CampaignTrackingEvent(Guid CampaignId, Guid CustomerId, CampaignEventKind Kind, DateTimeOffset OccurredAt)
{
    /// <summary>Gets the variant, when known; stores prefer the variant the customer was assigned when sent.</summary>
    public string? Variant { get; init; }

    /// <summary>Gets the attributed revenue, in the campaign's currency (conversions only).</summary>
    public decimal Amount { get; init; }
}
