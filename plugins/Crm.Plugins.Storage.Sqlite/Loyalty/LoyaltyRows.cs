using Crm.Engine.Loyalty;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Loyalty;

/// <summary>Maps loyalty rows to records: column lists and readers in one place.</summary>
internal static class LoyaltyRows
{
    public const string AccountColumns =
        "customer_id, balance, lifetime_positive, entry_count, tier, tier_since, tier_review_at, opened_at, updated_at";

    public const string EntryColumns =
        "id, customer_id, kind, points, idempotency_key, reason, rule, source_id, occurred_at, expires_at, actor, sequence, balance_after";

    public static LoyaltyAccount ReadAccount(SqliteDataReader reader, string tenantId) => new()
    {
        TenantId = tenantId,
        CustomerId = reader.GetGuid(0),
        Balance = reader.GetInt64(1),
        LifetimePositive = reader.GetInt64(2),
        EntryCount = reader.GetInt64(3),
        Tier = reader.GetStringOrNull(4),
        TierSince = reader.IsDBNull(5) ? null : SqliteValues.FromTicks(reader.GetInt64(5)),
        TierReviewAt = reader.IsDBNull(6) ? null : SqliteValues.FromTicks(reader.GetInt64(6)),
        OpenedAt = SqliteValues.FromTicks(reader.GetInt64(7)),
        UpdatedAt = SqliteValues.FromTicks(reader.GetInt64(8)),
    };

    public static LoyaltyLedgerEntry ReadEntry(SqliteDataReader reader, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = reader.GetGuid(0),
        CustomerId = reader.GetGuid(1),
        Kind = Enum.Parse<LoyaltyEntryKind>(reader.GetString(2)),
        Points = reader.GetInt64(3),
        IdempotencyKey = reader.GetString(4),
        Reason = reader.GetString(5),
        Rule = reader.GetStringOrNull(6),
        SourceId = reader.GetStringOrNull(7),
        OccurredAt = SqliteValues.FromTicks(reader.GetInt64(8)),
        ExpiresAt = reader.IsDBNull(9) ? null : SqliteValues.FromTicks(reader.GetInt64(9)),
        Actor = reader.GetStringOrNull(10),
        Sequence = reader.GetInt64(11),
        BalanceAfter = reader.GetInt64(12),
    };
}
