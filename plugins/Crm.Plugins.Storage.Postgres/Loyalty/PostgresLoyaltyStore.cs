using System.Globalization;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Loyalty;

/// <summary>
/// Stores one tenant's points ledger on the session's connection. An append runs in a savepoint (inside the session's
/// transaction) or a transaction of its own: the guarded balance move locks the account row, so concurrent appends to
/// one account serialize; a concurrent append of the same key loses on the unique index and reports a duplicate.
/// </summary>
internal sealed class PostgresLoyaltyStore(PostgresStorageSession session) : ILoyaltyStore
{
    private const string AccountEntity = "LoyaltyAccount";

    private const string AccountColumns =
        "customer_id, balance, lifetime_positive, entry_count, tier, tier_since_ticks, tier_review_ticks, opened_ticks, updated_ticks";

    private const string EntryColumns =
        "id, customer_id, kind, points, idempotency_key, reason, rule, source_id, occurred_ticks, expires_ticks, actor, sequence, balance_after";

    public async Task<LoyaltyAppendResult> AppendAsync(LoyaltyLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.ThrowIfInvalid();
        LoyaltyAppendResult? result = null;
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                result = await AppendCoreAsync(entry, cancellationToken).ConfigureAwait(false);
                if (result.Status == LoyaltyAppendStatus.Appended || result.Status == LoyaltyAppendStatus.Duplicate)
                {
                    await scope.CommitAsync().ConfigureAwait(false);
                }
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                // Lost a race on the key: the scope rolls back below, then the winner's entry is reported.
                result = null;
            }
        }

        if (result is null)
        {
            var existing = await FindEntryAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            return new LoyaltyAppendResult(LoyaltyAppendStatus.Duplicate, existing, await GetAccountAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false));
        }

        return result.Status == LoyaltyAppendStatus.InsufficientBalance
            ? result with { Account = await GetAccountAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false) }
            : result;
    }

    public async Task<LoyaltyAccount?> GetAccountAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {AccountColumns} FROM loyalty_accounts WHERE tenant_id = @tenant AND customer_id = @customer;");
        command.Parameters.AddUuid("customer", customerId);
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoyaltyAccount> SetTierAsync(Guid customerId, string? tier, DateTimeOffset? since, DateTimeOffset? reviewAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = Command(
            "UPDATE loyalty_accounts SET tier = @tier, tier_since_ticks = @since, tier_review_ticks = @review, updated_ticks = GREATEST(updated_ticks, @now) " +
            $"WHERE tenant_id = @tenant AND customer_id = @customer RETURNING {AccountColumns};");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddText("tier", tier);
        AddTicks(command, "since", since);
        AddTicks(command, "review", reviewAt);
        command.Parameters.AddBigint("now", now.UtcTicks);
        return await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(AccountEntity, customerId);
    }

    public async Task<LoyaltyLedgerEntry?> FindEntryAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var command = Command($"SELECT {EntryColumns} FROM loyalty_ledger WHERE tenant_id = @tenant AND idempotency_key = @key;");
        command.Parameters.AddText("key", idempotencyKey);
        var entries = await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<Page<LoyaltyLedgerEntry>> ListEntriesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        long after = 0;
        if (page.ContinuationToken is { } token && !long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new CrmValidationException("page.continuationToken", $"'{token}' is not a continuation token of a loyalty ledger.", "continuationToken");
        }

        using var command = Command(
            $"SELECT {EntryColumns} FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer AND sequence > @after ORDER BY sequence LIMIT @limit;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddBigint("after", after);
        command.Parameters.AddBigint("limit", page.Size + 1);
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
        var command = Command("SELECT COALESCE(SUM(points), 0)::bigint FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer;");
        command.Parameters.AddUuid("customer", customerId);
        return ScalarAsync(command, cancellationToken);
    }

    public Task<long> SumEarnedAsync(Guid customerId, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var command = Command(
            "SELECT COALESCE(SUM(points), 0)::bigint FROM loyalty_ledger WHERE tenant_id = @tenant AND customer_id = @customer " +
            "AND kind = 'Earn' AND occurred_ticks > @after AND occurred_ticks <= @upTo;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddBigint("after", after.UtcTicks);
        command.Parameters.AddBigint("upTo", upTo.UtcTicks);
        return ScalarAsync(command, cancellationToken);
    }

    public Task<long> GetExpiringPointsAsync(Guid customerId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var command = Command(
            "SELECT COALESCE(GREATEST(0, (SELECT COALESCE(SUM(l.points), 0) FROM loyalty_ledger l WHERE l.tenant_id = a.tenant_id " +
            "AND l.customer_id = a.customer_id AND l.expires_ticks IS NOT NULL AND l.expires_ticks <= @asOf) - (a.lifetime_positive - a.balance)), 0)::bigint " +
            "FROM loyalty_accounts a WHERE a.tenant_id = @tenant AND a.customer_id = @customer;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddBigint("asOf", asOf.UtcTicks);
        return ScalarAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListDueAccountsAsync(DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var command = Command(
            "SELECT a.customer_id FROM loyalty_accounts a WHERE a.tenant_id = @tenant AND (a.tier_review_ticks <= @asOf OR " +
            "(a.balance > 0 AND (SELECT COALESCE(SUM(l.points), 0) FROM loyalty_ledger l WHERE l.tenant_id = a.tenant_id AND l.customer_id = a.customer_id " +
            "AND l.expires_ticks IS NOT NULL AND l.expires_ticks <= @asOf) > a.lifetime_positive - a.balance)) ORDER BY a.customer_id LIMIT @limit;");
        command.Parameters.AddBigint("asOf", asOf.UtcTicks);
        command.Parameters.AddBigint("limit", limit);
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

    private async Task<LoyaltyAppendResult> AppendCoreAsync(LoyaltyLedgerEntry entry, CancellationToken cancellationToken)
    {
        if (await FindEntryAsync(entry.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new LoyaltyAppendResult(LoyaltyAppendStatus.Duplicate, existing, await GetAccountAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false));
        }

        var at = entry.OccurredAt.UtcTicks;
        using (var open = Command(
            "INSERT INTO loyalty_accounts (tenant_id, customer_id, balance, lifetime_positive, entry_count, opened_ticks, updated_ticks) " +
            "VALUES (@tenant, @customer, 0, 0, 0, @at, @at) ON CONFLICT (tenant_id, customer_id) DO NOTHING;"))
        {
            open.Parameters.AddUuid("customer", entry.CustomerId);
            open.Parameters.AddBigint("at", at);
            await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        LoyaltyAccount? after;
        using (var move = Command(
            "UPDATE loyalty_accounts SET balance = balance + @points, lifetime_positive = lifetime_positive + @positive, " +
            "entry_count = entry_count + 1, updated_ticks = GREATEST(updated_ticks, @at) " +
            $"WHERE tenant_id = @tenant AND customer_id = @customer AND balance + @points >= 0 RETURNING {AccountColumns};"))
        {
            move.Parameters.AddUuid("customer", entry.CustomerId);
            move.Parameters.AddBigint("points", entry.Points);
            move.Parameters.AddBigint("positive", Math.Max(entry.Points, 0));
            move.Parameters.AddBigint("at", at);
            after = await ReadAccountAsync(move, cancellationToken).ConfigureAwait(false);
        }

        if (after is null)
        {
            return new LoyaltyAppendResult(LoyaltyAppendStatus.InsufficientBalance, null, null);
        }

        var stored = entry with { TenantId = session.TenantId, Sequence = after.EntryCount, BalanceAfter = after.Balance };
        using (var insert = Command(
            $"INSERT INTO loyalty_ledger (tenant_id, {EntryColumns}) VALUES " +
            "(@tenant, @id, @customer, @kind, @points, @key, @reason, @rule, @source, @occurred, @expires, @actor, @sequence, @balance);"))
        {
            insert.Parameters.AddUuid("id", stored.Id);
            insert.Parameters.AddUuid("customer", stored.CustomerId);
            insert.Parameters.AddText("kind", stored.Kind.ToString());
            insert.Parameters.AddBigint("points", stored.Points);
            insert.Parameters.AddText("key", stored.IdempotencyKey);
            insert.Parameters.AddText("reason", stored.Reason);
            insert.Parameters.AddText("rule", stored.Rule);
            insert.Parameters.AddText("source", stored.SourceId);
            insert.Parameters.AddBigint("occurred", at);
            AddTicks(insert, "expires", stored.ExpiresAt);
            insert.Parameters.AddText("actor", stored.Actor);
            insert.Parameters.AddBigint("sequence", stored.Sequence);
            insert.Parameters.AddBigint("balance", stored.BalanceAfter);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new LoyaltyAppendResult(LoyaltyAppendStatus.Appended, stored, after);
    }

    private static void AddTicks(NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Bigint) { Value = value is { } instant ? instant.UtcTicks : DBNull.Value });

    private static async Task<long> ScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    private static DateTimeOffset? TicksOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    private async Task<LoyaltyAccount?> ReadAccountAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new LoyaltyAccount
            {
                TenantId = session.TenantId,
                CustomerId = reader.GetGuid(0),
                Balance = reader.GetInt64(1),
                LifetimePositive = reader.GetInt64(2),
                EntryCount = reader.GetInt64(3),
                Tier = reader.GetStringOrNull(4),
                TierSince = TicksOrNull(reader, 5),
                TierReviewAt = TicksOrNull(reader, 6),
                OpenedAt = new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
                UpdatedAt = new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero),
            };
        }
    }

    private async Task<List<LoyaltyLedgerEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<LoyaltyLedgerEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new LoyaltyLedgerEntry
                {
                    TenantId = session.TenantId,
                    Id = reader.GetGuid(0),
                    CustomerId = reader.GetGuid(1),
                    Kind = Enum.Parse<LoyaltyEntryKind>(reader.GetString(2)),
                    Points = reader.GetInt64(3),
                    IdempotencyKey = reader.GetString(4),
                    Reason = reader.GetString(5),
                    Rule = reader.GetStringOrNull(6),
                    SourceId = reader.GetStringOrNull(7),
                    OccurredAt = new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero),
                    ExpiresAt = TicksOrNull(reader, 9),
                    Actor = reader.GetStringOrNull(10),
                    Sequence = reader.GetInt64(11),
                    BalanceAfter = reader.GetInt64(12),
                });
            }
        }

        return entries;
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }
}
