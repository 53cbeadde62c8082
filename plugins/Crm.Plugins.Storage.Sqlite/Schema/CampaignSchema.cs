namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 6: campaigns, recipients, tracked events, the suppression list and association rules.</summary>
internal static class CampaignSchema
{
    public const int Version = 6;

    public const string Name = "campaigns, recipients, campaign events, suppressions, association rules";

    // Money is INTEGER scaled by 10^4 like purchases; the attribution window is INTEGER ticks.
    public const string Sql = """
        CREATE TABLE campaigns (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            name TEXT NOT NULL,
            channel TEXT NOT NULL,
            purpose TEXT NOT NULL,
            template_id TEXT NOT NULL,
            variants TEXT NOT NULL,
            segment_name TEXT,
            condition TEXT,
            send_rate INTEGER,
            attribution_window INTEGER NOT NULL,
            cost INTEGER NOT NULL,
            currency TEXT NOT NULL,
            landing_url TEXT,
            status TEXT NOT NULL,
            scheduled_at INTEGER,
            sent_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_campaigns_created ON campaigns (tenant_id, created_at DESC, id DESC);

        -- One row per customer a campaign was enqueued for: the audience query skips them, so a resend messages nobody twice.
        CREATE TABLE campaign_recipients (
            tenant_id TEXT NOT NULL,
            campaign_id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            variant TEXT NOT NULL,
            message_id BLOB NOT NULL,
            queued_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, campaign_id, customer_id)
        ) WITHOUT ROWID;

        -- One row per campaign, customer and kind; occurrences counts repeats (opens, clicks), amount adds revenue.
        CREATE TABLE campaign_events (
            tenant_id TEXT NOT NULL,
            campaign_id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            kind TEXT NOT NULL,
            variant TEXT NOT NULL,
            occurrences INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            first_at INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, campaign_id, customer_id, kind)
        ) WITHOUT ROWID;
        -- Last-touch attribution reads a customer's deliveries and clicks across campaigns.
        CREATE INDEX ix_campaign_events_touch ON campaign_events (tenant_id, customer_id, kind, last_at);

        CREATE TABLE suppressed_customers (
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            reason TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;

        -- Addresses in lower case (email) or as given (phone numbers, handles).
        CREATE TABLE suppressed_addresses (
            tenant_id TEXT NOT NULL,
            address TEXT NOT NULL,
            reason TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, address)
        ) WITHOUT ROWID;

        CREATE TABLE association_rules (
            tenant_id TEXT NOT NULL,
            antecedent TEXT NOT NULL,
            consequent TEXT NOT NULL,
            pair_count INTEGER NOT NULL,
            support REAL NOT NULL,
            confidence REAL NOT NULL,
            lift REAL NOT NULL,
            computed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, antecedent, consequent)
        ) WITHOUT ROWID;
        CREATE INDEX ix_association_rules_strength ON association_rules (tenant_id, lift DESC, confidence DESC);
        """;
}
