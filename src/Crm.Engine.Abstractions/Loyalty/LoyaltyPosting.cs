namespace Crm.Engine.Loyalty;

/// <summary>A movement asked for directly rather than computed by rules: a manual award, a redemption or an adjustment.</summary>
public sealed record LoyaltyPosting
{
    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the kind: <see cref="LoyaltyEntryKind.Earn"/>, <see cref="LoyaltyEntryKind.Redeem"/> or <see cref="LoyaltyEntryKind.Adjust"/>.</summary>
    public required LoyaltyEntryKind Kind { get; init; }

    /// <summary>Gets the points: more than zero for awards and redemptions, signed and not zero for adjustments.</summary>
    public required long Points { get; init; }

    /// <summary>Gets why, for the customer's statement.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the key that makes the posting happen once however often it is sent (a reward order id, a workflow step key).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets what caused the posting, if known.</summary>
    public string? SourceId { get; init; }
}
