namespace Crm.Engine.Loyalty;

/// <summary>
/// Records one movement of a customer's points. Entries are never updated or deleted; the account's balance is the sum
/// of its entries' <see cref="Points"/>.
/// </summary>
public sealed record LoyaltyLedgerEntry
{
    /// <summary>Gets the entry's identifier.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer whose account the entry belongs to.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets what the entry records.</summary>
    public required LoyaltyEntryKind Kind { get; init; }

    /// <summary>Gets the signed points: positive for earnings and positive adjustments, negative otherwise.</summary>
    public required long Points { get; init; }

    /// <summary>
    /// Gets the key that makes the entry unique in the tenant: appending a second entry with the same key returns the
    /// first one and changes nothing. Awards from events use the event's source and the rule (<c>purchase:{id}:spend</c>).
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets why the points moved, for the customer's statement (<c>1 point per EUR 1.00 spent</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the rule that awarded the points, if a rule did.</summary>
    public string? Rule { get; init; }

    /// <summary>Gets what caused the entry (a purchase id, a referral, a workflow step), if known.</summary>
    public string? SourceId { get; init; }

    /// <summary>Gets when the movement happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets when the points of a positive entry expire; <see langword="null"/> for points that never expire and for negative entries.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets the user or plugin that caused the movement.</summary>
    public string? Actor { get; init; }

    /// <summary>Gets the entry's position in the account's ledger, from 1; assigned by the store.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the account's balance right after this entry; assigned by the store.</summary>
    public long BalanceAfter { get; init; }

    /// <summary>Checks what every store checks before appending: a key, a reason, and points whose sign fits the kind.</summary>
    /// <exception cref="ArgumentException">The entry is invalid; the message names the field.</exception>
    public void ThrowIfInvalid()
    {
        if (string.IsNullOrWhiteSpace(IdempotencyKey))
        {
            throw new ArgumentException("A ledger entry needs an idempotency key.", nameof(IdempotencyKey));
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            throw new ArgumentException($"Ledger entry '{IdempotencyKey}' needs a reason.", nameof(Reason));
        }

        var fits = Kind switch
        {
            LoyaltyEntryKind.Earn => Points > 0,
            LoyaltyEntryKind.Redeem or LoyaltyEntryKind.Expire => Points < 0,
            LoyaltyEntryKind.Adjust => Points != 0,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException(
                $"Ledger entry '{IdempotencyKey}' of kind {Kind} cannot have {Points} points: earnings are positive, redemptions and expiries negative, adjustments not zero.",
                nameof(Points));
        }

        if (ExpiresAt is not null && Points < 0)
        {
            throw new ArgumentException($"Ledger entry '{IdempotencyKey}' takes points away and cannot expire.", nameof(ExpiresAt));
        }
    }
}
