namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>
/// Holds schema step 22: campaign recipients become the durable send queue. A send records who receives which
/// variant as pending rows (status, not-before time, no message yet); dispatch renders and queues them later.
/// </summary>
internal static class CampaignRecipientsSchema
{
    public const int Version = 22;

    public const string Name = "campaign recipients: status, not-before time, message at dispatch";

    // SQLite cannot relax NOT NULL in place, so the table is rebuilt. Rows of sends under step 6 had their messages
    // enqueued at once: they become 'Queued' with their message, due and completed when they were queued.
    // Ids only (no personal data). One index beyond the key, partial so dispatched rows leave it: dispatch reads the
    // pending rows of a campaign by not-before time; reporting aggregates along the primary key.
    public const string Sql = """
        CREATE TABLE campaign_recipients_v22 (
            tenant_id TEXT NOT NULL,
            campaign_id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            variant TEXT NOT NULL,
            status TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            message_id BLOB,
            queued_at INTEGER NOT NULL,
            completed_at INTEGER,
            PRIMARY KEY (tenant_id, campaign_id, customer_id)
        ) WITHOUT ROWID;
        INSERT INTO campaign_recipients_v22 (tenant_id, campaign_id, customer_id, variant, status, due_at, message_id, queued_at, completed_at)
            SELECT tenant_id, campaign_id, customer_id, variant, 'Queued', queued_at, message_id, queued_at, queued_at FROM campaign_recipients;
        DROP TABLE campaign_recipients;
        ALTER TABLE campaign_recipients_v22 RENAME TO campaign_recipients;
        CREATE INDEX ix_campaign_recipients_pending ON campaign_recipients (tenant_id, campaign_id, due_at, customer_id) WHERE status = 'Pending';
        """;
}
