using System.Globalization;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Loyalty;

/// <summary>
/// Stores one tenant's points ledger on the session's connection. An append is one write unit (a savepoint inside the
/// session's transaction, or an IMMEDIATE transaction of its own, which serializes writers): the key check, the guarded
/// balance move and the insert commit together or not at all.
/// </summary>
internal sealed class SqliteLoyaltyStore(SqliteStorageSession session) : ILoyaltyStore
{
    private const string AccountEntity = "LoyaltyAccount";

    public async Task<LoyaltyAppendResult> AppendAsync(LoyaltyLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.ThrowIfInvalid();
        using var scope = session.BeginWrite();
        if (await FindEntryAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var current = await GetAccountAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false);
            scope.Commit();
            return new LoyaltyAppendResult(LoyaltyAppendStatus.Duplicate, existing, current);
        }

        var at = SqliteValues.ToTicks(entry.OccurredAt);
        using (var open = Command(
            "INSERT INTO loyalty_accounts (tenant_id, customer_id, balance, lifetime_positive, entry_count, opened_at, updated_at) " +
            "VALUES (@tenant, @customer, 0, 0, 0, @at, @at) ON CONFLICT (tenant_id, customer_id) DO NOTHING;"))
        {
            open.Parameters.AddWithValue("@customer", entry.CustomerId);
            open.Parameters.AddWithValue("@at", at);
            await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The guard is in the statement that moves the balance, so no interleaving can take it below zero.
        LoyaltyAccount? after;
        using (var move = Command(
            "UPDATE loyalty_accounts SET balance = balance + @points, lifetime_positive = lifetime_positive + @positive, " +
            "entry_count = entry_count + 1, updated_at = MAX(updated_at, @at) " +
            $"WHERE tenant_id = @tenant AND customer_id = @customer AND balance + @points >= 0 RETURNING {LoyaltyRows.AccountColumns};"))
        {
            move.Parameters.AddWithValue("@customer", entry.CustomerId);
            move.Parameters.AddWithValue("@points", entry.Points);
            move.Parameters.AddWithValue("@positive", Math.Max(entry.Points, 0));
            move.Parameters.AddWithValue("@at", at);
            after = await ReadAccountAsync(move, cancellationToken).ConfigureAwait(false);
        }

        if (after is null)
        {
            scope.Dispose(); // undoes the account opened above, if it was
            var unchanged = await GetAccountAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false);
            return new LoyaltyAppendResult(LoyaltyAppendStatus.InsufficientBalance, null, unchanged);
        }

        var stored = entry with { TenantId = session.TenantId, Sequence = after.EntryCount, BalanceAfter = after.Balance };
        using (var insert = Command(
            $"INSERT INTO loyalty_ledger (tenant_id, {LoyaltyRows.EntryColumns}) VALUES " +
            "(@tenant, @id, @customer, @kind, @points, @key, @reason, @rule, @source, @occurred, @expires, @actor, @sequence, @balance);"))
        {
            insert.Parameters.AddWithValue("@id", stored.Id);
            insert.Parameters.AddWithValue("@customer", stored.CustomerId);
            insert.Parameters.AddWithValue("@kind", stored.Kind.ToString());
            insert.Parameters.AddWithValue("@points", stored.Points);
            insert.Parameters.AddWithValue("@key", stored.IdempotencyKey);
            insert.Parameters.AddWithValue("@reason", stored.Reason);
            insert.Parameters.AddWithValue("@rule", SqliteValues.OrNull(stored.Rule));
            insert.Parameters.AddWithValue("@source", SqliteValues.OrNull(stored.SourceId));
            insert.Parameters.AddWithValue("@occurred", at);
            insert.Parameters.AddWithValue("@expires", stored.ExpiresAt is { } expires ? SqliteValues.ToTicks(expires) : DBNull.Value);
            insert.Parameters.AddWithValue("@actor", SqliteValues.OrNull(stored.Actor));
            insert.Parameters.AddWithValue("@sequence", stored.Sequence);
            insert.Parameters.AddWithValue("@balance", stored.BalanceAfter);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        scope.Commit();
        return new LoyaltyAppendResult(LoyaltyAppendStatus.Appended, stored, after);
    }

    public async Task<LoyaltyAccount?> GetAccountAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {LoyaltyRows.AccountColumns} FROM loyalty_accounts WHERE tenant_id = @tenant AND customer_id = @customer;");
        command.Parameters.AddWithValue("@customer", customerId);
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoyaltyAccount> SetTierAsync(Guid customerId, string? tier, DateTimeOffset? since, DateTimeOffset? reviewAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = Command(
            "UPDATE loyalty_accounts SET tier = @tier, tier_since = @since, tier_review_at = @review, updated_at = MAX(updated_at, @now) " +
            $"WHERE tenant_id = @tenant AND customer_id = @customer RETURNING {LoyaltyRows.AccountColumns};");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@tier", SqliteValues.OrNull(tier));
        command.Parameters.AddWithValue("@since", since is { } s ? SqliteValues.ToTicks(s) : DBNull.Value);
        command.Parameters.AddWithValue("@review", reviewAt is { } r ? SqliteValues.ToTicks(r) : DBNull.Value);
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(now));
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(AccountEntity, customerId);
    }

    public async Task<LoyaltyLedgerEntry?> FindEntryAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var command = Command($"SELECT {LoyaltyRows.EntryColumns} FROM loyalty_ledger WHERE tenant_id = @tenant AND idempotency_key = @key;");
        command.Parameters.AddWithValue("@key", idempotencyKey);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<Page<LoyaltyLedgerEntry>> ListEntriesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        var after = DecodeToken(page.ContinuationToken);
        using var command = Command(
            $"SELECT {LoyaltyRows.EntryColumns} FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer AND sequence > @after " +
            "ORDER BY sequence LIMIT @limit;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@limit", page.Size + 1);
        var items = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > page.Size)
        {
            items.RemoveAt(page.Size);
            next = items[^1].Sequence.ToString(CultureInfo.InvariantCulture);
        }

        return new Page<LoyaltyLedgerEntry>(items, next);
    }

    public Task<long> SumEntriesAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var command = Command("SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer;");
        command.Parameters.AddWithValue("@customer", customerId);
        return ScalarAsync(command, cancellationToken);
    }

    public Task<long> SumEarnedAsync(Guid customerId, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var command = Command(
            "SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer " +
            "AND kind = 'Earn' AND occurred_at > @after AND occurred_at <= @upTo;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@after", SqliteValues.ToTicks(after));
        command.Parameters.AddWithValue("@upTo", SqliteValues.ToTicks(upTo));
        return ScalarAsync(command, cancellationToken);
    }

    public Task<long> GetExpiringPointsAsync(Guid customerId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // Consumption (lifetime_positive - balance) takes the soonest-expiring points first, so what is left of the
        // points expiring by asOf is their sum less everything consumed, if positive.
        var command = Command(
            "SELECT COALESCE(MAX(0, (SELECT COALESCE(SUM(l.points), 0) FROM loyalty_ledger l WHERE l.tenant_id = a.tenant_id " +
            "AND l.customer_id = a.customer_id AND l.expires_at IS NOT NULL AND l.expires_at <= @asOf) - (a.lifetime_positive - a.balance)), 0) " +
            "FROM loyalty_accounts a WHERE a.tenant_id = @tenant AND a.customer_id = @customer;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@asOf", SqliteValues.ToTicks(asOf));
        return ScalarAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListDueAccountsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var command = Command(
            "SELECT a.customer_id FROM loyalty_accounts a WHERE a.tenant_id = @tenant AND (a.tier_review_at <= @asOf OR " +
            "(a.balance > 0 AND (SELECT COALESCE(SUM(l.points), 0) FROM loyalty_ledger l WHERE l.tenant_id = a.tenant_id AND l.customer_id = a.customer_id " +
            "AND l.expires_at IS NOT NULL AND l.expires_at <= @asOf) > a.lifetime_positive - a.balance)) ORDER BY a.customer_id LIMIT @limit;");
        command.Parameters.AddWithValue("@asOf", SqliteValues.ToTicks(asOf));
        command.Parameters.AddWithValue("@limit", limit);
        var due = new List<Guid>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add(reader.GetGuid(0));
            }
        }

        return due;
    }

    private static long DecodeToken(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            ? after
            : throw new CrmValidationException("page.continuationToken", $"'{token}' is not a continuation token of a loyalty ledger.", "continuationToken");
    }

    private static async Task<long> ScalarAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    private async Task<LoyaltyAccount?> ReadAccountAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? LoyaltyRows.ReadAccount(reader, session.TenantId) : null;
        }
    }

    private async Task<List<LoyaltyLedgerEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<LoyaltyLedgerEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(LoyaltyRows.ReadEntry(reader, session.TenantId));
            }
        }

        return entries;
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }
}
