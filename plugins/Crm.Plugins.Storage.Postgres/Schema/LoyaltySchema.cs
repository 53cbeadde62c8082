namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 8: the loyalty points ledger and accounts.</summary>
internal static class LoyaltySchema
{
    public const int Version = 8;

    public const string Name = "loyalty ledger and accounts";

    // Instants are bigint UTC ticks here (exact, and the ledger is never read by people in SQL); the balance moves in the
    // statement that checks it cannot go below zero, under the account row's lock. Triggers make the ledger append-only.
    public const string Sql = """
        CREATE TABLE loyalty_accounts (
            tenant_id text COLLATE "C" NOT NULL,
            customer_id uuid NOT NULL,
            balance bigint NOT NULL CHECK (balance >= 0),
            lifetime_positive bigint NOT NULL,
            entry_count bigint NOT NULL,
            tier text COLLATE "C",
            tier_since_ticks bigint,
            tier_review_ticks bigint,
            opened_ticks bigint NOT NULL,
            updated_ticks bigint NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        );
        CREATE INDEX ix_loyalty_accounts_review ON loyalty_accounts (tenant_id, tier_review_ticks) WHERE tier_review_ticks IS NOT NULL;

        CREATE TABLE loyalty_ledger (
            tenant_id text COLLATE "C" NOT NULL,
            customer_id uuid NOT NULL,
            sequence bigint NOT NULL,
            id uuid NOT NULL,
            kind text COLLATE "C" NOT NULL,
            points bigint NOT NULL,
            idempotency_key text COLLATE "C" NOT NULL,
            reason text NOT NULL,
            rule text COLLATE "C",
            source_id text COLLATE "C",
            occurred_ticks bigint NOT NULL,
            expires_ticks bigint,
            actor text,
            balance_after bigint NOT NULL,
            PRIMARY KEY (tenant_id, customer_id, sequence)
        );
        CREATE UNIQUE INDEX ux_loyalty_ledger_key ON loyalty_ledger (tenant_id, idempotency_key);
        CREATE INDEX ix_loyalty_ledger_expiry ON loyalty_ledger (tenant_id, customer_id, expires_ticks) INCLUDE (points) WHERE expires_ticks IS NOT NULL;
        CREATE INDEX ix_loyalty_ledger_earned ON loyalty_ledger (tenant_id, customer_id, kind, occurred_ticks) INCLUDE (points);
        CREATE FUNCTION loyalty_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'loyalty_ledger is append-only: entries are never updated or deleted; append a correcting entry';
        END $$;
        CREATE TRIGGER tr_loyalty_ledger_append_only BEFORE UPDATE OR DELETE ON loyalty_ledger
            FOR EACH ROW EXECUTE FUNCTION loyalty_ledger_append_only();
        """;
}
