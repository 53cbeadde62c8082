namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 17: the append-only audit log (step 9 on SQLite).</summary>
internal static class AuditSchema
{
    public const int Version = 17;

    public const string Name = "audit log";

    // seq (an identity, never reused since rows are never deleted) orders the log, newest first, and pages it. The
    // trigger makes the table append-only for every client of the database, not just for this provider: the one update
    // allowed is an erasure emptying the changes; DELETE and TRUNCATE are refused. changes is a JSON array of
    // {"f","b","a"} (field, before, after), the same format as on SQLite.
    public const string Sql = """
        CREATE TABLE audit_log (
            tenant_id text COLLATE "C" NOT NULL,
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            occurred_at_tick smallint NOT NULL,
            actor text COLLATE "C" NOT NULL,
            origin text COLLATE "C" NOT NULL,
            record_type text COLLATE "C" NOT NULL,
            record_id text COLLATE "C" NOT NULL,
            action text COLLATE "C" NOT NULL,
            changes jsonb NOT NULL,
            customer_id uuid,
            PRIMARY KEY (tenant_id, seq),
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX ix_audit_log_record ON audit_log (tenant_id, record_type, record_id, seq);
        CREATE INDEX ix_audit_log_actor ON audit_log (tenant_id, actor, seq);
        CREATE INDEX ix_audit_log_customer ON audit_log (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF NEW.changes = '[]'::jsonb AND
                    (NEW.tenant_id, NEW.seq, NEW.id, NEW.occurred_at, NEW.occurred_at_tick, NEW.actor, NEW.origin, NEW.record_type, NEW.record_id, NEW.action, NEW.customer_id)
                    IS NOT DISTINCT FROM
                    (OLD.tenant_id, OLD.seq, OLD.id, OLD.occurred_at, OLD.occurred_at_tick, OLD.actor, OLD.origin, OLD.record_type, OLD.record_id, OLD.action, OLD.customer_id) THEN
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION 'audit_log is append-only: records are never updated or deleted (an erasure may only empty the changes)';
        END $$;
        CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER tr_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """;
}
