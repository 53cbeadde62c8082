namespace Crm.Engine.Loyalty;

/// <summary>
/// Holds one customer's points balance and tier. The store maintains <see cref="Balance"/> and
/// <see cref="LifetimePositive"/> in the transaction that appends each ledger entry.
/// </summary>
public sealed record LoyaltyAccount
{
    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the points available: always the sum of the ledger's entries, never below zero.</summary>
    public long Balance { get; init; }

    /// <summary>Gets the sum of every positive entry (earnings and positive adjustments) ever appended.</summary>
    /// <remarks>
    /// <c>LifetimePositive - Balance</c> is what was consumed (redeemed, expired or adjusted away); expiry uses it to know
    /// how much of the soonest-expiring points is already gone.
    /// </remarks>
    public long LifetimePositive { get; init; }

    /// <summary>Gets the current tier's name, or <see langword="null"/> when the program has no tier the customer reached.</summary>
    public string? Tier { get; init; }

    /// <summary>Gets when the customer reached the current tier.</summary>
    public DateTimeOffset? TierSince { get; init; }

    /// <summary>Gets when the current tier is reviewed: the customer keeps it only by qualifying again by then.</summary>
    public DateTimeOffset? TierReviewAt { get; init; }

    /// <summary>Gets when the account was opened (its first entry).</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the account last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the number of entries in the account's ledger (the last entry's sequence).</summary>
    public long EntryCount { get; init; }
}
