namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>
/// Holds schema step 22: campaign recipients become the durable send queue. A send records who receives which
/// variant as pending rows (status, not-before time, no message yet); dispatch renders and queues them later.
/// </summary>
internal static class CampaignRecipientsSchema
{
    public const int Version = 22;

    public const string Name = "campaign recipients: status, not-before time, message at dispatch";

    // Rows of sends under step 6 had their messages enqueued at once: they become 'Queued' with their message, due
    // and completed when they were queued. Times are bigint ticks like queued_at. Ids only (no personal data). One
    // index beyond the key, partial so dispatched rows leave it: dispatch reads the pending rows of a campaign by
    // not-before time; reporting aggregates along the primary key.
    public const string Sql = """
        ALTER TABLE campaign_recipients ALTER COLUMN message_id DROP NOT NULL;
        ALTER TABLE campaign_recipients ADD COLUMN status text COLLATE "C" NOT NULL DEFAULT 'Queued';
        ALTER TABLE campaign_recipients ADD COLUMN due_at bigint;
        ALTER TABLE campaign_recipients ADD COLUMN completed_at bigint;
        UPDATE campaign_recipients SET due_at = queued_at, completed_at = queued_at;
        ALTER TABLE campaign_recipients ALTER COLUMN due_at SET NOT NULL;
        ALTER TABLE campaign_recipients ALTER COLUMN status DROP DEFAULT;
        CREATE INDEX ix_campaign_recipients_pending ON campaign_recipients (tenant_id, campaign_id, due_at, customer_id) WHERE status = 'Pending';
        """;
}
