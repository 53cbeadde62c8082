namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 6: campaigns, recipients, tracked events, the suppression list and association rules.</summary>
internal static class CampaignSchema
{
    public const int Version = 6;

    public const string Name = "campaigns, recipients, campaign events, suppressions, association rules";

    // Instants of these tables are bigint UTC ticks (exact to 100 ns in one column, compared and added to the attribution
    // window in ticks); amounts are numeric.
    public const string Sql = """
        CREATE TABLE campaigns (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            name text COLLATE "C" NOT NULL,
            channel text COLLATE "C" NOT NULL,
            purpose text COLLATE "C" NOT NULL,
            template_id text COLLATE "C" NOT NULL,
            variants jsonb NOT NULL,
            segment_name text COLLATE "C",
            condition text,
            send_rate integer,
            attribution_window bigint NOT NULL,
            cost numeric NOT NULL,
            currency text COLLATE "C" NOT NULL,
            landing_url text,
            status text COLLATE "C" NOT NULL,
            scheduled_at bigint,
            sent_at bigint,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_campaigns_created ON campaigns (tenant_id, created_at DESC, id DESC);

        CREATE TABLE campaign_recipients (
            tenant_id text COLLATE "C" NOT NULL,
            campaign_id uuid NOT NULL,
            customer_id uuid NOT NULL,
            variant text COLLATE "C" NOT NULL,
            message_id uuid NOT NULL,
            queued_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, campaign_id, customer_id)
        );

        CREATE TABLE campaign_events (
            tenant_id text COLLATE "C" NOT NULL,
            campaign_id uuid NOT NULL,
            customer_id uuid NOT NULL,
            kind text COLLATE "C" NOT NULL,
            variant text COLLATE "C" NOT NULL,
            occurrences bigint NOT NULL,
            amount numeric NOT NULL,
            first_at bigint NOT NULL,
            last_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, campaign_id, customer_id, kind)
        );
        CREATE INDEX ix_campaign_events_touch ON campaign_events (tenant_id, customer_id, kind, last_at);

        CREATE TABLE suppressed_customers (
            tenant_id text COLLATE "C" NOT NULL,
            customer_id uuid NOT NULL,
            reason text COLLATE "C" NOT NULL,
            recorded_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        );

        CREATE TABLE suppressed_addresses (
            tenant_id text COLLATE "C" NOT NULL,
            address text COLLATE "C" NOT NULL,
            reason text COLLATE "C" NOT NULL,
            recorded_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, address)
        );

        CREATE TABLE association_rules (
            tenant_id text COLLATE "C" NOT NULL,
            antecedent text COLLATE "C" NOT NULL,
            consequent text COLLATE "C" NOT NULL,
            pair_count bigint NOT NULL,
            support double precision NOT NULL,
            confidence double precision NOT NULL,
            lift double precision NOT NULL,
            computed_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, antecedent, consequent)
        );
        CREATE INDEX ix_association_rules_strength ON association_rules (tenant_id, lift DESC, confidence DESC);
        """;
}
