namespace Crm.Plugins.Storage.Sqlite.Schema;

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
        new(2, "workflow instances, history, timers, fire keys", WorkflowSchema.Sql),
        new(CustomerData.CustomerDataSchema.Version, CustomerData.CustomerDataSchema.Name, CustomerData.CustomerDataSchema.Sql),
        new(OutboxSchema.Version, OutboxSchema.Name, OutboxSchema.Sql),
        new(SalesSchema.Version, SalesSchema.Name, SalesSchema.Sql),
        new(LoyaltySchema.Version, LoyaltySchema.Name, LoyaltySchema.Sql),
        new(FeedbackSchema.Version, FeedbackSchema.Name, FeedbackSchema.Sql),
        new(CampaignSchema.Version, CampaignSchema.Name, CampaignSchema.Sql),
        new(CampaignRecipientsSchema.Version, CampaignRecipientsSchema.Name, CampaignRecipientsSchema.Sql),
        new(AuditSchema.Version, AuditSchema.Name, AuditSchema.Sql),
        new(SupportSchema.Version, SupportSchema.Name, SupportSchema.Sql),
        new(AnalyticsSchema.Version, AnalyticsSchema.Name, AnalyticsSchema.Sql),
        new(AnalyticsIndexesSchema.Version, AnalyticsIndexesSchema.Name, AnalyticsIndexesSchema.Sql),
        new(CustomerData.ErasureSchema.Version, CustomerData.ErasureSchema.Name, CustomerData.ErasureSchema.Sql),
        new(AnalyticsRollupsSchema.Version, AnalyticsRollupsSchema.Name, AnalyticsRollupsSchema.Sql),
        new(PlannerStatisticsSchema.Version, PlannerStatisticsSchema.Name, PlannerStatisticsSchema.Sql),
    ], m => m.Version, m => m.Name);

    // Ids are 16-byte BLOB GUIDs; timestamps INTEGER UTC ticks; amounts and quantities INTEGER scaled by 10^4;
    // lists and maps JSON text. Every index leads with tenant_id because every statement filters by it.
    private const string Initial = """
        CREATE TABLE customers (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            external_id TEXT,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            company TEXT,
            email TEXT,
            emails TEXT NOT NULL,
            phone TEXT,
            phones TEXT NOT NULL,
            birth_date TEXT,
            gender TEXT,
            city TEXT,
            region TEXT,
            country TEXT,
            postal_code TEXT,
            income_band TEXT,
            lifecycle_stage TEXT NOT NULL,
            owner_id TEXT,
            tags TEXT NOT NULL,
            attributes TEXT NOT NULL,
            attribute_kinds TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_customers_created ON customers (tenant_id, created_at, id);
        CREATE INDEX ix_customers_updated ON customers (tenant_id, updated_at, id);
        CREATE INDEX ix_customers_external_id ON customers (tenant_id, external_id) WHERE external_id IS NOT NULL;
        -- email holds the primary address in lower case: most customers have one address, found with this index.
        CREATE INDEX ix_customers_email ON customers (tenant_id, email) WHERE email IS NOT NULL;

        -- The other addresses of customers with several, in lower case, maintained with the customer row.
        CREATE TABLE customer_emails (
            tenant_id TEXT NOT NULL,
            email TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            PRIMARY KEY (tenant_id, email, customer_id)
        ) WITHOUT ROWID;

        CREATE TABLE interactions (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            customer_id BLOB NOT NULL,
            channel TEXT NOT NULL,
            direction TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            subject TEXT,
            body TEXT,
            external_id TEXT,
            metadata TEXT NOT NULL,
            deal_id BLOB,
            case_id BLOB,
            campaign_id BLOB,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_interactions_timeline ON interactions (tenant_id, customer_id, occurred_at DESC, id DESC);
        CREATE INDEX ix_interactions_occurred ON interactions (tenant_id, occurred_at, id);
        -- Covering (customer_id last) so "some interactions where channel/direction" builds its list from the index alone.
        CREATE INDEX ix_interactions_channel ON interactions (tenant_id, channel, direction, occurred_at, customer_id);

        CREATE TABLE purchases (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            customer_id BLOB NOT NULL,
            order_number TEXT,
            purchased_at INTEGER NOT NULL,
            currency TEXT NOT NULL,
            channel TEXT,
            total INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- Covers the per-customer aggregates (count, sum, min, max) and the newest-first history.
        CREATE INDEX ix_purchases_customer ON purchases (tenant_id, customer_id, purchased_at, id, total);
        CREATE INDEX ix_purchases_purchased ON purchases (tenant_id, purchased_at, id, customer_id);

        CREATE TABLE purchase_lines (
            tenant_id TEXT NOT NULL,
            purchase_id BLOB NOT NULL,
            line_no INTEGER NOT NULL,
            sku TEXT NOT NULL,
            product_name TEXT NOT NULL,
            category TEXT,
            quantity INTEGER NOT NULL,
            unit_price INTEGER NOT NULL,
            discount INTEGER NOT NULL,
            total INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, purchase_id, line_no),
            FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE INDEX ix_purchase_lines_sku ON purchase_lines (tenant_id, sku);
        """;
}
