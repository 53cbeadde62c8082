namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 9: the append-only audit log.</summary>
internal static class AuditSchema
{
    public const int Version = 9;

    public const string Name = "audit log";

    // seq (the rowid, never reused since rows are never deleted) orders the log, newest first, and pages it. The
    // triggers make the table append-only for every client of the file, not just for this provider (an erasure may only
    // empty the values). changes is a JSON array of {"f","b","a"} (field, before, after; a null value is left out).
    public const string Sql = """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            occurred_at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            origin TEXT NOT NULL,
            record_type TEXT NOT NULL,
            record_id TEXT NOT NULL,
            action TEXT NOT NULL,
            changes TEXT NOT NULL,
            customer_id BLOB,
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX ix_audit_log_record ON audit_log (tenant_id, record_type, record_id, seq);
        CREATE INDEX ix_audit_log_actor ON audit_log (tenant_id, actor, seq);
        CREATE INDEX ix_audit_log_customer ON audit_log (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
        -- The one update allowed: an erasure empties the values, nothing else.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        WHEN NOT (NEW.changes = '[]' AND NEW.seq = OLD.seq AND NEW.tenant_id = OLD.tenant_id AND NEW.id = OLD.id
            AND NEW.occurred_at = OLD.occurred_at AND NEW.actor = OLD.actor AND NEW.origin = OLD.origin AND NEW.record_type = OLD.record_type
            AND NEW.record_id = OLD.record_id AND NEW.action = OLD.action AND NEW.customer_id IS OLD.customer_id)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """;
}
