namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Holds schema step 25: the loyalty ledger accepts the one update an erasure makes.</summary>
internal static class ErasureSchema
{
    /// <summary>The step's version.</summary>
    public const int Version = 25;

    /// <summary>The step's name.</summary>
    public const string Name = "erasure: the loyalty ledger lets an erasure empty an entry's reason";

    // The ledger stays append-only for every other change: points, keys, times and balances are what the loyalty
    // aggregates and the balance check read; the reason is free text written for the customer and may name them.
    /// <summary>The step's SQL.</summary>
    public const string Sql = """
        DROP TRIGGER tr_loyalty_ledger_no_update;
        CREATE TRIGGER tr_loyalty_ledger_no_update BEFORE UPDATE ON loyalty_ledger
        WHEN NOT (NEW.reason = '' AND NEW.tenant_id = OLD.tenant_id AND NEW.customer_id = OLD.customer_id AND NEW.sequence = OLD.sequence
            AND NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.points = OLD.points AND NEW.idempotency_key = OLD.idempotency_key
            AND NEW.rule IS OLD.rule AND NEW.source_id IS OLD.source_id AND NEW.occurred_at = OLD.occurred_at AND NEW.expires_at IS OLD.expires_at
            AND NEW.actor IS OLD.actor AND NEW.balance_after = OLD.balance_after)
        BEGIN
            SELECT RAISE(ABORT, 'loyalty_ledger is append-only: entries are never updated (an erasure may only empty the reason); append a correcting entry');
        END;
        """;
}
