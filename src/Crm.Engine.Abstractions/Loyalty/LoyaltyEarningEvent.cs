namespace Crm.Engine.Loyalty;

/// <summary>
/// Something a customer may earn points for. Rules look at it and award points; <see cref="Kind"/> and
/// <see cref="SourceId"/> together identify it, so the same event awards once however often it is delivered.
/// </summary>
public sealed record LoyaltyEarningEvent
{
    /// <summary>Gets the kind of event (see <see cref="LoyaltyEarningKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the customer who earns.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets what identifies the event within its kind: the purchase id, the birthday's year, the referred customer.</summary>
    public required string SourceId { get; init; }

    /// <summary>Gets when the event happened; points earned by it expire a program lifetime after it.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the amount spent, for purchases.</summary>
    public decimal? Amount { get; init; }

    /// <summary>Gets the ISO 4217 currency of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets the campaign the event is attributed to, if any; campaign multipliers look at it.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the purchase behind a purchase event, when there is one.</summary>
    public Purchase? Purchase { get; init; }

    /// <summary>Gets the idempotency key of the entry a rule's award is written under.</summary>
    /// <param name="rule">The rule's name.</param>
    /// <returns><c>{kind}:{sourceId}:{rule}</c>.</returns>
    public string KeyFor(string rule) => Kind + ":" + SourceId + ":" + rule;

    /// <summary>Creates the earning event of a recorded purchase: its total in its currency.</summary>
    /// <param name="purchase">The purchase.</param>
    /// <param name="campaignId">The campaign the purchase is attributed to, if any.</param>
    /// <returns>The event.</returns>
    public static LoyaltyEarningEvent ForPurchase(Purchase purchase, Guid? campaignId = null)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        return new LoyaltyEarningEvent
        {
            Kind = LoyaltyEarningKinds.Purchase,
            CustomerId = purchase.CustomerId,
            SourceId = purchase.Id.ToString("N", System.Globalization.CultureInfo.InvariantCulture),
            OccurredAt = purchase.PurchasedAt,
            Amount = purchase.Total,
            Currency = purchase.Currency,
            CampaignId = campaignId,
            Purchase = purchase,
        };
    }
}
