namespace Crm.Plugins.Storage.Postgres.Schema;

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
        CREATE OR REPLACE FUNCTION loyalty_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.reason = '' AND
                (NEW.tenant_id, NEW.customer_id, NEW.sequence, NEW.id, NEW.kind, NEW.points, NEW.idempotency_key, NEW.rule, NEW.source_id,
                 NEW.occurred_ticks, NEW.expires_ticks, NEW.actor, NEW.balance_after) IS NOT DISTINCT FROM
                (OLD.tenant_id, OLD.customer_id, OLD.sequence, OLD.id, OLD.kind, OLD.points, OLD.idempotency_key, OLD.rule, OLD.source_id,
                 OLD.occurred_ticks, OLD.expires_ticks, OLD.actor, OLD.balance_after) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'loyalty_ledger is append-only: entries are never updated or deleted (an erasure may only empty the reason); append a correcting entry';
        END $$;
        """;
}
