namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>
/// Lists the schema steps in order. Never edit a released step: add a new one, so databases that applied the old
/// step are upgraded the same way as new ones.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Gets every step, in ascending version order.</summary>
    /// <remarks>Sorted here rather than by hand, so steps added by separate features in any order still apply in version order.</remarks>
    public static IReadOnlyList<Migration> All { get; } = SchemaSteps.InVersionOrder<Migration>(
    [
        new(1, "customers, interactions, purchases", Initial),
        new(WorkflowSchema.Version, WorkflowSchema.Name, WorkflowSchema.Sql),
        new(CustomerDataSchema.Version, CustomerDataSchema.Name, CustomerDataSchema.Sql),
        new(OutboxSchema.Version, OutboxSchema.Name, OutboxSchema.Sql),
        new(SalesSchema.Version, SalesSchema.Name, SalesSchema.Sql),
        new(SegmentIndexSchema.Version, SegmentIndexSchema.Name, SegmentIndexSchema.Sql),
        new(LoyaltySchema.Version, LoyaltySchema.Name, LoyaltySchema.Sql),
        new(CampaignSchema.Version, CampaignSchema.Name, CampaignSchema.Sql),
        new(CampaignRecipientsSchema.Version, CampaignRecipientsSchema.Name, CampaignRecipientsSchema.Sql),
        new(SupportSchema.Version, SupportSchema.Name, SupportSchema.Sql),
        new(AuditSchema.Version, AuditSchema.Name, AuditSchema.Sql),
        new(FeedbackSchema.Version, FeedbackSchema.Name, FeedbackSchema.Sql),
        new(AnalyticsSchema.Version, AnalyticsSchema.Name, AnalyticsSchema.Sql),
        new(ErasureSchema.Version, ErasureSchema.Name, ErasureSchema.Sql),
    ], m => m.Version, m => m.Name);

    // Text is COLLATE "C" so comparisons, ORDER BY and indexes are ordinal like the in-memory evaluator, whatever
    // the database's default collation. Instants are timestamptz (UTC, microseconds) plus a *_tick smallint with the
    // 100 ns remainder. Amounts are numeric (exact). Every btree leads with tenant_id because every statement filters
    // by it, which is also the distribution column when the tables are sharded by tenant (Citus).
    private const string Initial = """
        CREATE TABLE customers (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            external_id text COLLATE "C",
            first_name text COLLATE "C" NOT NULL,
            last_name text COLLATE "C" NOT NULL,
            company text COLLATE "C",
            email_keys text[] COLLATE "C" NOT NULL,
            emails text[] COLLATE "C" NOT NULL,
            phones text[] COLLATE "C" NOT NULL,
            birth_date date,
            gender text COLLATE "C",
            city text COLLATE "C",
            region text COLLATE "C",
            country text COLLATE "C",
            postal_code text COLLATE "C",
            income_band text COLLATE "C",
            lifecycle_stage text COLLATE "C" NOT NULL,
            owner_id text COLLATE "C",
            tags text[] COLLATE "C" NOT NULL,
            attributes jsonb NOT NULL,
            attribute_kinds jsonb,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_customers_created ON customers (tenant_id, created_at, created_at_tick, id);
        CREATE INDEX ix_customers_updated ON customers (tenant_id, updated_at, updated_at_tick, id);
        CREATE INDEX ix_customers_external_id ON customers (tenant_id, external_id) WHERE external_id IS NOT NULL;
        -- Every address in lower case: FindByEmail is one GIN lookup for any of a customer's addresses.
        CREATE INDEX ix_customers_email_keys ON customers USING gin (email_keys);
        -- jsonb_path_ops: smaller and faster than the default opclass for the @> containment that attribute
        -- equality conditions are translated to; key-existence (?) is not needed by any translation.
        CREATE INDEX ix_customers_attributes ON customers USING gin (attributes jsonb_path_ops);
        CREATE INDEX ix_customers_tags ON customers USING gin (tags);

        CREATE TABLE interactions (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            customer_id uuid NOT NULL,
            channel text COLLATE "C" NOT NULL,
            direction text COLLATE "C" NOT NULL,
            occurred_at timestamptz NOT NULL,
            occurred_at_tick smallint NOT NULL,
            subject text COLLATE "C",
            body text,
            external_id text COLLATE "C",
            metadata jsonb NOT NULL,
            deal_id uuid,
            case_id uuid,
            campaign_id uuid,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_interactions_timeline ON interactions (tenant_id, customer_id, occurred_at DESC, occurred_at_tick DESC, id DESC);
        CREATE INDEX ix_interactions_occurred ON interactions (tenant_id, occurred_at, occurred_at_tick, id);
        -- customer_id last so "some interactions where channel/direction" is an index-only scan.
        CREATE INDEX ix_interactions_channel ON interactions (tenant_id, channel, direction, occurred_at, customer_id);

        CREATE TABLE purchases (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            customer_id uuid NOT NULL,
            order_number text COLLATE "C",
            purchased_at timestamptz NOT NULL,
            purchased_at_tick smallint NOT NULL,
            currency text COLLATE "C" NOT NULL,
            channel text COLLATE "C",
            total numeric NOT NULL,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- Covers the per-customer aggregates (count, sum, min, max) and the newest-first history.
        CREATE INDEX ix_purchases_customer ON purchases (tenant_id, customer_id, purchased_at, purchased_at_tick, id) INCLUDE (total);
        CREATE INDEX ix_purchases_purchased ON purchases (tenant_id, purchased_at, customer_id);

        CREATE TABLE purchase_lines (
            tenant_id text COLLATE "C" NOT NULL,
            purchase_id uuid NOT NULL,
            line_no integer NOT NULL,
            sku text COLLATE "C" NOT NULL,
            product_name text COLLATE "C" NOT NULL,
            category text COLLATE "C",
            quantity numeric NOT NULL,
            unit_price numeric NOT NULL,
            discount numeric NOT NULL,
            total numeric NOT NULL,
            PRIMARY KEY (tenant_id, purchase_id, line_no),
            FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id) ON DELETE CASCADE
        );
        CREATE INDEX ix_purchase_lines_sku ON purchase_lines (tenant_id, sku);
        """;
}
