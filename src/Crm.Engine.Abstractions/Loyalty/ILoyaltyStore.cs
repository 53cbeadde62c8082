using Crm.Engine.Storage;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Stores one tenant's points ledger and accounts. Prove an implementation with <c>LoyaltyStorageConformanceTests</c>
/// from <c>Crm.Engine.Testing</c>.
/// </summary>
/// <remarks>
/// The ledger is append-only. <see cref="AppendAsync"/> is atomic: it checks the idempotency key, moves the account's
/// balance (refusing to take it below zero, also under concurrent appends) and inserts the entry in one transaction
/// (the session's when one is open), so the balance always equals the sum of the entries.
/// </remarks>
public interface ILoyaltyStore
{
    /// <summary>Appends an entry, opening the account on its first entry.</summary>
    /// <param name="entry">The entry; <see cref="LoyaltyLedgerEntry.Sequence"/> and <see cref="LoyaltyLedgerEntry.BalanceAfter"/> are assigned here.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What happened, the stored entry and the account.</returns>
    /// <exception cref="ArgumentException">The points' sign does not fit the kind, or the key is empty.</exception>
    Task<LoyaltyAppendResult> AppendAsync(LoyaltyLedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>Gets a customer's account.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account, or <see langword="null"/>.</returns>
    Task<LoyaltyAccount?> GetAccountAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Sets an existing account's tier fields.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="tier">The tier, or <see langword="null"/>.</param>
    /// <param name="since">When the tier was reached.</param>
    /// <param name="reviewAt">When it is reviewed, or <see langword="null"/> for never.</param>
    /// <param name="now">The time of the change.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The account after the change.</returns>
    /// <exception cref="CrmNotFoundException">The customer has no account.</exception>
    Task<LoyaltyAccount> SetTierAsync(Guid customerId, string? tier, DateTimeOffset? since, DateTimeOffset? reviewAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Finds an entry by its idempotency key.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    Task<LoyaltyLedgerEntry?> FindEntryAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Lists a customer's entries by ascending sequence, keyset-paged.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<LoyaltyLedgerEntry>> ListEntriesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Sums a customer's entries in the database: equals the account's balance, always.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sum, 0 without entries.</returns>
    Task<long> SumEntriesAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Sums the points of <see cref="LoyaltyEntryKind.Earn"/> entries that occurred in (<paramref name="after"/>, <paramref name="upTo"/>]: the qualifying points for tiers.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="after">The window's start, exclusive.</param>
    /// <param name="upTo">The window's end, inclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sum.</returns>
    Task<long> SumEarnedAsync(Guid customerId, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken);

    /// <summary>
    /// Computes the points due to expire at <paramref name="asOf"/>: the positive points whose expiry is at or before it,
    /// less everything consumed so far (consumption takes the soonest-expiring points first), never below zero.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The points to expire.</returns>
    Task<long> GetExpiringPointsAsync(Guid customerId, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Lists customers with points to expire or a tier review due at <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The time.</param>
    /// <param name="limit">The most customers to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customers, in id order.</returns>
    Task<IReadOnlyList<Guid>> ListDueAccountsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken);
}
