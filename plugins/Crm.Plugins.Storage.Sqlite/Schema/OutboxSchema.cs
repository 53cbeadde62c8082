namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 4: the transactional outbox and its attempts, inbound receipts and cursors, scheduled jobs.</summary>
internal static class OutboxSchema
{
    public const int Version = 4;

    public const string Name = "outbox, inbound receipts and cursors, scheduled jobs";

    // Statuses are enum names, as in workflow_instances. The claim indexes are partial on 'Pending' and do not lead with
    // tenant_id: dispatchers claim across tenants, and final rows (the vast majority over time) drop out of them.
    // lease_until is in the claim indexes so the claim and next-due reads never visit the table.
    public const string Sql = """
        CREATE TABLE outbox_messages (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            channel TEXT NOT NULL,
            customer_id BLOB,
            recipient TEXT NOT NULL,
            subject TEXT,
            text_body TEXT NOT NULL,
            html_body TEXT,
            headers TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            purpose TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            provider_message_id TEXT,
            interaction_id BLOB,
            template_id TEXT,
            deal_id BLOB,
            case_id BLOB,
            campaign_id BLOB,
            campaign_variant TEXT,
            lease_owner TEXT,
            lease_until INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, idempotency_key)
        );
        CREATE INDEX ix_outbox_messages_due ON outbox_messages (next_attempt_at, lease_until) WHERE status = 'Pending';
        -- Leased pending rows are few (in flight, or orphaned by a dead dispatcher); the next-due read scans only them.
        CREATE INDEX ix_outbox_messages_leased ON outbox_messages (lease_until, next_attempt_at) WHERE status = 'Pending' AND lease_until IS NOT NULL;
        CREATE INDEX ix_outbox_messages_created ON outbox_messages (tenant_id, created_at, id);
        CREATE INDEX ix_outbox_messages_status ON outbox_messages (tenant_id, status, created_at, id);
        -- Also serves erasure and merges, which find a customer's messages.
        CREATE INDEX ix_outbox_messages_customer ON outbox_messages (tenant_id, customer_id, created_at, id) WHERE customer_id IS NOT NULL;
        CREATE INDEX ix_outbox_messages_campaign ON outbox_messages (tenant_id, campaign_id, created_at, id) WHERE campaign_id IS NOT NULL;

        -- Append-only; deleted with their message (erasure).
        CREATE TABLE outbox_attempts (
            tenant_id TEXT NOT NULL,
            message_id BLOB NOT NULL,
            number INTEGER NOT NULL,
            attempted_at INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT,
            provider_message_id TEXT,
            duration INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, message_id, number),
            FOREIGN KEY (tenant_id, message_id) REFERENCES outbox_messages (tenant_id, id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        CREATE TABLE inbound_receipts (
            tenant_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            external_id TEXT NOT NULL,
            interaction_id BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, channel, external_id)
        ) WITHOUT ROWID;
        -- Erasure removes the receipts of a customer's interactions: provider message ids can carry addresses.
        CREATE INDEX ix_inbound_receipts_interaction ON inbound_receipts (tenant_id, interaction_id);

        CREATE TABLE inbound_cursors (
            tenant_id TEXT NOT NULL,
            source TEXT NOT NULL,
            cursor TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, source)
        ) WITHOUT ROWID;

        CREATE TABLE scheduled_jobs (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            payload TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            repeat_every INTEGER,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            lease_owner TEXT,
            lease_until INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, key)
        );
        CREATE INDEX ix_scheduled_jobs_due ON scheduled_jobs (due_at, lease_until) WHERE status = 'Pending';
        CREATE INDEX ix_scheduled_jobs_leased ON scheduled_jobs (lease_until, due_at) WHERE status = 'Pending' AND lease_until IS NOT NULL;
        CREATE INDEX ix_scheduled_jobs_list ON scheduled_jobs (tenant_id, due_at, id);
        CREATE INDEX ix_scheduled_jobs_kind ON scheduled_jobs (tenant_id, kind, due_at, id);
        """;
}
