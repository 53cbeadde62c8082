namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 8: the loyalty points ledger and accounts.</summary>
internal static class LoyaltySchema
{
    public const int Version = 8;

    public const string Name = "loyalty ledger and accounts";

    // The account row carries the balance the ledger sums to; the store moves it in the statement that checks it cannot
    // go below zero (CHECK as a second line of defence), in the transaction that inserts the entry. Triggers make the
    // ledger append-only for every writer, not only this provider's code.
    public const string Sql = """
        CREATE TABLE loyalty_accounts (
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            balance INTEGER NOT NULL CHECK (balance >= 0),
            lifetime_positive INTEGER NOT NULL,
            entry_count INTEGER NOT NULL,
            tier TEXT,
            tier_since INTEGER,
            tier_review_at INTEGER,
            opened_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_loyalty_accounts_review ON loyalty_accounts (tenant_id, tier_review_at) WHERE tier_review_at IS NOT NULL;

        CREATE TABLE loyalty_ledger (
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            sequence INTEGER NOT NULL,
            id BLOB NOT NULL,
            kind TEXT NOT NULL,
            points INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            reason TEXT NOT NULL,
            rule TEXT,
            source_id TEXT,
            occurred_at INTEGER NOT NULL,
            expires_at INTEGER,
            actor TEXT,
            balance_after INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, customer_id, sequence)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ux_loyalty_ledger_key ON loyalty_ledger (tenant_id, idempotency_key);
        -- Covering: expiry sums positive points by expiry time, tiers sum earnings by occurrence time, from the index alone.
        CREATE INDEX ix_loyalty_ledger_expiry ON loyalty_ledger (tenant_id, customer_id, expires_at, points) WHERE expires_at IS NOT NULL;
        CREATE INDEX ix_loyalty_ledger_earned ON loyalty_ledger (tenant_id, customer_id, kind, occurred_at, points);
        CREATE TRIGGER tr_loyalty_ledger_no_update BEFORE UPDATE ON loyalty_ledger
        BEGIN
            SELECT RAISE(ABORT, 'loyalty_ledger is append-only: entries are never updated; append a correcting entry');
        END;
        CREATE TRIGGER tr_loyalty_ledger_no_delete BEFORE DELETE ON loyalty_ledger
        BEGIN
            SELECT RAISE(ABORT, 'loyalty_ledger is append-only: entries are never deleted; append a correcting entry');
        END;
        """;
}
