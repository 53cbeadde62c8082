namespace Crm.Engine.Campaigns;

/// <summary>The raw counts of one variant, aggregated in SQL by the store.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Sent">Messages enqueued (one per customer).</param>
/// <param name="Delivered">Customers whose message was delivered.</param>
/// <param name="Failed">Customers whose message was dead-lettered or suppressed at send time.</param>
/// <param name="UniqueOpens">Customers who opened.</param>
/// <param name="TotalOpens">Opens, repeats included.</param>
/// <param name="UniqueClicks">Customers who clicked.</param>
/// <param name="TotalClicks">Clicks, repeats included.</param>
/// <param name="Replies">Customers who replied.</param>
/// <param name="Unsubscribes">Customers who unsubscribed.</param>
/// <param name="Conversions">Customers who converted.</param>
/// <param name="Revenue">Revenue of the attributed purchases, in the campaign's currency.</param>
public sealed record CampaignVariantCounts(
    string Variant,
    long Sent,
    long Delivered,
    long Failed,
    long UniqueOpens,
    long TotalOpens,
    long UniqueClicks,
    long TotalClicks,
    long Replies,
    long Unsubscribes,
    long Conversions,
    decimal Revenue);
