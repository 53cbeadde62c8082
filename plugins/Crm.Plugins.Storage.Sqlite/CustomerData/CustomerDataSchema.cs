namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Holds schema step 3: custom fields, merges, saved segments, RFM scores, consent and the erasure log.</summary>
internal static class CustomerDataSchema
{
    public const int Version = 3;

    public const string Name = "custom fields, merges, segments, rfm, consent, erasures";

    public const string Sql = """
        CREATE TABLE custom_fields (
            tenant_id TEXT NOT NULL,
            key TEXT NOT NULL,
            definition TEXT NOT NULL,
            PRIMARY KEY (tenant_id, key)
        ) WITHOUT ROWID;

        CREATE TABLE merge_records (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            survivor_id BLOB NOT NULL,
            merged_id BLOB NOT NULL,
            merged_at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            interactions_moved INTEGER NOT NULL,
            purchases_moved INTEGER NOT NULL,
            participants TEXT NOT NULL,
            field_sources TEXT NOT NULL,
            merged_snapshot TEXT,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_merge_records_survivor ON merge_records (tenant_id, survivor_id);
        CREATE INDEX ix_merge_records_merged ON merge_records (tenant_id, merged_id);

        CREATE TABLE segments (
            tenant_id TEXT NOT NULL,
            name TEXT NOT NULL,
            condition TEXT NOT NULL,
            description TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, name)
        ) WITHOUT ROWID;

        -- Scores of the last RFM run, one row per customer with a purchase; rfm* conditions read it by primary key.
        CREATE TABLE customer_rfm (
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            recency INTEGER NOT NULL,
            frequency INTEGER NOT NULL,
            monetary INTEGER NOT NULL,
            segment TEXT NOT NULL,
            computed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_customer_rfm_segment ON customer_rfm (tenant_id, segment, customer_id);

        -- Append-only; the highest id per (customer, channel, purpose) is the decision in force.
        CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            channel TEXT NOT NULL,
            purpose TEXT NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX ix_consents_customer ON consents (tenant_id, customer_id, channel, purpose, id);

        -- Holds no personal data: the random customer id, when, who, why and counts.
        CREATE TABLE erasures (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            erased_at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            interactions INTEGER NOT NULL,
            purchases INTEGER NOT NULL,
            merge_snapshots INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        """;
}
