using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps the loyalty ledger as programs need it: every field round-trips; entries are
/// append-only and unique per idempotency key and tenant (a repeated key returns the first entry and changes nothing);
/// the account's balance moves with each entry in its transaction and always equals the ledger's sum; a redemption
/// never takes the balance below zero, also when many run at once; qualifying and expiring points are computed by the
/// store; ledgers page by sequence; tenants are isolated.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteLoyaltyConformance(SqliteFixture fixture) : LoyaltyStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>Each test works in tenants of its own, so the tests can share one database.</para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract class LoyaltyStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Epoch = new(2031, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected LoyaltyStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "loyalty";

    /// <summary>Checks that every field of an entry round-trips and that the store assigns sequence and balance, and opens the account.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_FirstEntry_OpensAccountAndRoundTripsEveryField()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Null(await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false));
            var entry = Earn(customer, 120, "purchase:p1:spend") with
            {
                Rule = "spend",
                SourceId = "p1",
                Actor = "user-7",
                Reason = "1 point per EUR 1.00; Zoë's \"order\"; DROP TABLE loyalty_ledger",
                ExpiresAt = Epoch.AddDays(730).AddTicks(3),
                OccurredAt = new DateTimeOffset(2031, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(7),
            };

            var result = await session.Loyalty.AppendAsync(entry, None).ConfigureAwait(false);

            Assert.Equal(LoyaltyAppendStatus.Appended, result.Status);
            var expected = entry with { TenantId = tenant, Sequence = 1, BalanceAfter = 120 };
            Assert.Equal(expected, result.Entry);
            Assert.Equal(expected, await session.Loyalty.FindEntryAsync("purchase:p1:spend", None).ConfigureAwait(false));
            var account = await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false);
            Assert.NotNull(account);
            Assert.Equal(result.Account, account);
            Assert.Equal(tenant, account.TenantId);
            Assert.Equal(120, account.Balance);
            Assert.Equal(120, account.LifetimePositive);
            Assert.Equal(1, account.EntryCount);
            Assert.Equal(entry.OccurredAt, account.OpenedAt);
            Assert.Null(account.Tier);
            Assert.Null(await session.Loyalty.FindEntryAsync("PURCHASE:P1:SPEND", None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a repeated idempotency key returns the first entry, even with other points, and changes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_RepeatedKey_ReturnsFirstEntryAndChangesNothing()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Loyalty.AppendAsync(Earn(customer, 50, "k1"), None).ConfigureAwait(false);
            var again = await session.Loyalty.AppendAsync(Earn(customer, 999, "k1"), None).ConfigureAwait(false);

            Assert.Equal(LoyaltyAppendStatus.Duplicate, again.Status);
            Assert.Equal(first.Entry, again.Entry);
            Assert.Equal(50, again.Account!.Balance);
            Assert.Equal(1, again.Account.EntryCount);
            Assert.Equal(50, await session.Loyalty.SumEntriesAsync(customer, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a key is unique per tenant: another tenant may use it, and does not see the first tenant's entry.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_SameKeyInTwoTenants_AppendsInEachAndIsolates()
    {
        var customer = Guid.NewGuid();
        var a = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        var b = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (a.ConfigureAwait(false))
        await using (b.ConfigureAwait(false))
        {
            Assert.Equal(LoyaltyAppendStatus.Appended, (await a.Loyalty.AppendAsync(Earn(customer, 10, "shared"), None).ConfigureAwait(false)).Status);
            Assert.Null(await b.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false));
            Assert.Null(await b.Loyalty.FindEntryAsync("shared", None).ConfigureAwait(false));
            Assert.Equal(LoyaltyAppendStatus.Appended, (await b.Loyalty.AppendAsync(Earn(customer, 20, "shared"), None).ConfigureAwait(false)).Status);
            Assert.Equal(10, (await a.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false))!.Balance);
            Assert.Equal(20, (await b.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false))!.Balance);
        }
    }

    /// <summary>Checks that an entry that would take the balance below zero is refused and writes nothing, not even an account.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_BeyondBalance_IsRefusedAndWritesNothing()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var stranger = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Loyalty.AppendAsync(Earn(customer, 30, "earn"), None).ConfigureAwait(false);
            var refused = await session.Loyalty.AppendAsync(Redeem(customer, 31, "redeem"), None).ConfigureAwait(false);
            Assert.Equal(LoyaltyAppendStatus.InsufficientBalance, refused.Status);
            Assert.Null(refused.Entry);
            Assert.Equal(30, refused.Account!.Balance);
            Assert.Null(await session.Loyalty.FindEntryAsync("redeem", None).ConfigureAwait(false));

            var adjustedAway = await session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Adjust, -31, "adjust"), None).ConfigureAwait(false);
            Assert.Equal(LoyaltyAppendStatus.InsufficientBalance, adjustedAway.Status);

            var none = await session.Loyalty.AppendAsync(Redeem(stranger, 1, "stranger"), None).ConfigureAwait(false);
            Assert.Equal(LoyaltyAppendStatus.InsufficientBalance, none.Status);
            Assert.Null(none.Account);
            Assert.Null(await session.Loyalty.GetAccountAsync(stranger, None).ConfigureAwait(false));

            var exact = await session.Loyalty.AppendAsync(Redeem(customer, 30, "redeem"), None).ConfigureAwait(false);
            Assert.Equal(LoyaltyAppendStatus.Appended, exact.Status);
            Assert.Equal(0, exact.Account!.Balance);
            Assert.Equal(0, await session.Loyalty.SumEntriesAsync(customer, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that entries whose sign does not fit their kind, or without a key, are refused with an error naming the field.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_InvalidEntry_ThrowsNamingTheField()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var sign = await Assert.ThrowsAsync<ArgumentException>(() => session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Earn, -5, "bad"), None)).ConfigureAwait(false);
            Assert.Equal("Points", sign.ParamName);
            await Assert.ThrowsAsync<ArgumentException>(() => session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Redeem, 5, "bad"), None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<ArgumentException>(() => session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Adjust, 0, "bad"), None)).ConfigureAwait(false);
            var key = await Assert.ThrowsAsync<ArgumentException>(() => session.Loyalty.AppendAsync(Earn(customer, 5, " "), None)).ConfigureAwait(false);
            Assert.Equal("IdempotencyKey", key.ParamName);
            Assert.Null(await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that appends join the session's transaction: a rollback takes back the entries and the balance.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_InRolledBackTransaction_LeavesNoTrace()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Loyalty.AppendAsync(Earn(customer, 40, "kept"), None).ConfigureAwait(false);
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Loyalty.AppendAsync(Earn(customer, 60, "undone"), None).ConfigureAwait(false);
                await session.Loyalty.AppendAsync(Redeem(customer, 90, "undone-too"), None).ConfigureAwait(false);
                Assert.Equal(10, (await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false))!.Balance);
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }

            var account = (await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false))!;
            Assert.Equal(40, account.Balance);
            Assert.Equal(1, account.EntryCount);
            Assert.Null(await session.Loyalty.FindEntryAsync("undone", None).ConfigureAwait(false));
            Assert.Equal(40, await session.Loyalty.SumEntriesAsync(customer, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that 24 concurrent redemptions of 10 points from a balance of 100, each on its own session, succeed exactly
    /// 10 times, leave 0, and that the ledger sums to the balance; the same redemption key sent 8 times at once appends once.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Append_ConcurrentRedemptionsAndDuplicates_NeverOverdrawAndAppendOnce()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var setup = await OpenAsync(tenant).ConfigureAwait(false);
        await using (setup.ConfigureAwait(false))
        {
            await setup.Loyalty.AppendAsync(Earn(customer, 100, "seed"), None).ConfigureAwait(false);
        }

        var redemptions = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => AppendOnOwnSessionAsync(tenant, Redeem(customer, 10, "r" + i)))).ConfigureAwait(false);
        Assert.Equal(10, redemptions.Count(s => s == LoyaltyAppendStatus.Appended));
        Assert.Equal(14, redemptions.Count(s => s == LoyaltyAppendStatus.InsufficientBalance));

        var duplicates = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AppendOnOwnSessionAsync(tenant, Earn(customer, 7, "same-purchase")))).ConfigureAwait(false);
        Assert.Equal(1, duplicates.Count(s => s == LoyaltyAppendStatus.Appended));
        Assert.Equal(7, duplicates.Count(s => s == LoyaltyAppendStatus.Duplicate));

        var check = await OpenAsync(tenant).ConfigureAwait(false);
        await using (check.ConfigureAwait(false))
        {
            var account = (await check.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false))!;
            Assert.Equal(7, account.Balance); // 100 - 10 * 10 + 7
            Assert.Equal(12, account.EntryCount); // seed + 10 redemptions + 1 earning
            Assert.Equal(account.Balance, await check.Loyalty.SumEntriesAsync(customer, None).ConfigureAwait(false));
            var ledger = await check.Loyalty.ListEntriesAsync(customer, new PageRequest(100), None).ConfigureAwait(false);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), ledger.Items.Select(e => e.Sequence));
            var running = 0L;
            foreach (var entry in ledger.Items)
            {
                running += entry.Points;
                Assert.Equal(running, entry.BalanceAfter);
                Assert.True(entry.BalanceAfter >= 0);
            }
        }
    }

    /// <summary>Checks keyset paging of a ledger by ascending sequence, and that a bad token is a validation error.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ListEntries_PagesBySequence()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            for (var i = 1; i <= 5; i++)
            {
                await session.Loyalty.AppendAsync(Earn(customer, i, "e" + i), None).ConfigureAwait(false);
            }

            var first = await session.Loyalty.ListEntriesAsync(customer, new PageRequest(2), None).ConfigureAwait(false);
            var second = await session.Loyalty.ListEntriesAsync(customer, new PageRequest(2, first.ContinuationToken), None).ConfigureAwait(false);
            var third = await session.Loyalty.ListEntriesAsync(customer, new PageRequest(2, second.ContinuationToken), None).ConfigureAwait(false);
            Assert.Equal(["e1", "e2"], first.Items.Select(e => e.IdempotencyKey));
            Assert.Equal(["e3", "e4"], second.Items.Select(e => e.IdempotencyKey));
            Assert.Equal(["e5"], third.Items.Select(e => e.IdempotencyKey));
            Assert.False(third.HasMore);
            await Assert.ThrowsAsync<CrmValidationException>(() => session.Loyalty.ListEntriesAsync(customer, new PageRequest(2, "not-a-token"), None)).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the qualifying sum: only earnings, in the half-open window (after, upTo].</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SumEarned_CountsEarningsInTheWindowOnly()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Loyalty.AppendAsync(Earn(customer, 100, "a") with { OccurredAt = Epoch }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Earn(customer, 20, "b") with { OccurredAt = Epoch.AddDays(1) }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Adjust, 500, "c") with { OccurredAt = Epoch.AddDays(1) }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Redeem(customer, 50, "d") with { OccurredAt = Epoch.AddDays(2) }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Earn(customer, 3, "e") with { OccurredAt = Epoch.AddDays(3) }, None).ConfigureAwait(false);

            // (Epoch, Epoch+3d]: b (20) + e (3); a is at the excluded start; the adjustment and redemption do not count.
            Assert.Equal(23, await session.Loyalty.SumEarnedAsync(customer, Epoch, Epoch.AddDays(3), None).ConfigureAwait(false));
            Assert.Equal(120, await session.Loyalty.SumEarnedAsync(customer, Epoch.AddTicks(-1), Epoch.AddDays(2), None).ConfigureAwait(false));
            Assert.Equal(0, await session.Loyalty.SumEarnedAsync(Guid.NewGuid(), Epoch.AddYears(-1), Epoch.AddYears(1), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks expiring points against hand-computed figures: soonest-expiring points are consumed first.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task GetExpiringPoints_ConsumesSoonestExpiringFirst()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Loyalty.AppendAsync(Earn(customer, 100, "lot1") with { ExpiresAt = Epoch.AddDays(10) }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Earn(customer, 50, "lot2") with { ExpiresAt = Epoch.AddDays(20) }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Adjust, 40, "forever"), None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(Redeem(customer, 30, "spend"), None).ConfigureAwait(false);

            // Consumed 30 comes out of lot1: at day 10, 100 - 30 = 70 expire; at day 20, 150 - 30 = 120; before day 10 none.
            Assert.Equal(0, await session.Loyalty.GetExpiringPointsAsync(customer, Epoch.AddDays(9), None).ConfigureAwait(false));
            Assert.Equal(70, await session.Loyalty.GetExpiringPointsAsync(customer, Epoch.AddDays(10), None).ConfigureAwait(false));
            Assert.Equal(120, await session.Loyalty.GetExpiringPointsAsync(customer, Epoch.AddDays(20), None).ConfigureAwait(false));
            Assert.Equal([], await session.Loyalty.ListDueAccountsAsync(Epoch.AddDays(9), 10, None).ConfigureAwait(false));
            Assert.Equal([customer], await session.Loyalty.ListDueAccountsAsync(Epoch.AddDays(10), 10, None).ConfigureAwait(false));

            await session.Loyalty.AppendAsync(Entry(customer, LoyaltyEntryKind.Expire, -70, "expiry-1"), None).ConfigureAwait(false);

            // After expiring lot1's rest, consumed is 100: nothing more at day 10; at day 20, 150 - 100 = 50 (all of lot2).
            Assert.Equal(0, await session.Loyalty.GetExpiringPointsAsync(customer, Epoch.AddDays(10), None).ConfigureAwait(false));
            Assert.Equal(50, await session.Loyalty.GetExpiringPointsAsync(customer, Epoch.AddDays(20), None).ConfigureAwait(false));
            Assert.Equal([], await session.Loyalty.ListDueAccountsAsync(Epoch.AddDays(10), 10, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Loyalty.GetExpiringPointsAsync(Guid.NewGuid(), Epoch.AddDays(20), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that tier fields round-trip, that a review due makes the account due, and that an unknown account is not found.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SetTier_RoundTripsAndDrivesDueAccounts()
    {
        var customer = Guid.NewGuid();
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Loyalty.AppendAsync(Earn(customer, 10, "e"), None).ConfigureAwait(false);
            var account = await session.Loyalty.SetTierAsync(customer, "Silver", Epoch, Epoch.AddDays(365), Epoch.AddHours(1), None).ConfigureAwait(false);
            Assert.Equal("Silver", account.Tier);
            Assert.Equal(Epoch, account.TierSince);
            Assert.Equal(Epoch.AddDays(365), account.TierReviewAt);
            Assert.Equal(Epoch.AddHours(1), account.UpdatedAt);
            Assert.Equal(account, await session.Loyalty.GetAccountAsync(customer, None).ConfigureAwait(false));
            Assert.Equal([], await session.Loyalty.ListDueAccountsAsync(Epoch.AddDays(364), 10, None).ConfigureAwait(false));
            Assert.Equal([customer], await session.Loyalty.ListDueAccountsAsync(Epoch.AddDays(365), 10, None).ConfigureAwait(false));

            var cleared = await session.Loyalty.SetTierAsync(customer, null, null, null, Epoch.AddHours(2), None).ConfigureAwait(false);
            Assert.Null(cleared.Tier);
            Assert.Null(cleared.TierReviewAt);
            await Assert.ThrowsAsync<CrmNotFoundException>(() => session.Loyalty.SetTierAsync(Guid.NewGuid(), "Gold", Epoch, null, Epoch, None)).ConfigureAwait(false);
        }
    }

    /// <summary>Creates an earning entry dated at the kit's epoch.</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="points">The points, positive.</param>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The entry.</returns>
    protected static LoyaltyLedgerEntry Earn(Guid customer, long points, string key) => Entry(customer, LoyaltyEntryKind.Earn, points, key);

    /// <summary>Creates a redemption entry of <paramref name="points"/> points (stored negative).</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="points">The points, positive.</param>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The entry.</returns>
    protected static LoyaltyLedgerEntry Redeem(Guid customer, long points, string key) => Entry(customer, LoyaltyEntryKind.Redeem, -points, key);

    /// <summary>Creates an entry dated at the kit's epoch.</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="points">The signed points.</param>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The entry.</returns>
    protected static LoyaltyLedgerEntry Entry(Guid customer, LoyaltyEntryKind kind, long points, string key) => new()
    {
        Id = Guid.NewGuid(),
        CustomerId = customer,
        Kind = kind,
        Points = points,
        IdempotencyKey = key,
        Reason = kind + " " + points,
        OccurredAt = Epoch,
    };

    private async Task<LoyaltyAppendStatus> AppendOnOwnSessionAsync(string tenant, LoyaltyLedgerEntry entry)
    {
        await Task.Yield();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return (await session.Loyalty.AppendAsync(entry, None).ConfigureAwait(false)).Status;
        }
    }
}
