namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 7: support cases, SLA milestones, assignment turns, alerts, knowledge articles and their FTS5 index.</summary>
internal static class SupportSchema
{
    public const int Version = 7;

    public const string Name = "support cases, SLA milestones, alerts, knowledge base";

    // is_open mirrors the status (New/Open/Pending) so the per-owner load count and the customer's open cases read a
    // small partial index. Milestones and alerts are unique by key: that uniqueness is what makes SLA timers and alert
    // rules fire once even when a job is delivered twice. The FTS5 table keeps its own copy of the text, keyed by the
    // article's rowid (seq), so deletes are a plain DELETE by rowid.
    public const string Sql = """
        CREATE TABLE support_cases (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            customer_id BLOB NOT NULL,
            subject TEXT NOT NULL,
            description TEXT,
            priority TEXT NOT NULL,
            category TEXT,
            status TEXT NOT NULL,
            is_open INTEGER NOT NULL,
            owner_id TEXT,
            team_id TEXT,
            channel TEXT NOT NULL,
            sla_policy TEXT,
            opened_at INTEGER NOT NULL,
            first_response_at INTEGER,
            resolved_at INTEGER,
            first_response_due_at INTEGER,
            resolution_due_at INTEGER,
            escalation_level INTEGER NOT NULL,
            open_key TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE UNIQUE INDEX ux_support_cases_open_key ON support_cases (tenant_id, open_key) WHERE open_key IS NOT NULL;
        CREATE INDEX ix_support_cases_customer ON support_cases (tenant_id, customer_id, opened_at DESC, id DESC);
        CREATE INDEX ix_support_cases_opened ON support_cases (tenant_id, opened_at DESC, id DESC);
        CREATE INDEX ix_support_cases_owner_open ON support_cases (tenant_id, owner_id) WHERE is_open = 1;

        CREATE TABLE support_case_milestones (
            tenant_id TEXT NOT NULL,
            case_id BLOB NOT NULL,
            milestone TEXT NOT NULL,
            fired_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, case_id, milestone)
        ) WITHOUT ROWID;

        CREATE TABLE support_assignment_turns (
            tenant_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            next_turn INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, team_id)
        ) WITHOUT ROWID;

        CREATE TABLE support_alerts (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            rule TEXT NOT NULL,
            occurrence_key TEXT NOT NULL,
            customer_id BLOB,
            case_id BLOB,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, occurrence_key)
        );
        CREATE INDEX ix_support_alerts_raised ON support_alerts (tenant_id, raised_at DESC, id DESC);
        CREATE INDEX ix_support_alerts_customer ON support_alerts (tenant_id, customer_id, raised_at DESC, id DESC) WHERE customer_id IS NOT NULL;

        CREATE TABLE knowledge_articles (
            seq INTEGER PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            tags TEXT NOT NULL,
            published INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (tenant_id, id)
        );
        CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, body, tags, tokenize = 'porter unicode61');

        -- A case's messages, oldest first.
        CREATE INDEX ix_interactions_case ON interactions (tenant_id, case_id, occurred_at) WHERE case_id IS NOT NULL;
        """;
}
