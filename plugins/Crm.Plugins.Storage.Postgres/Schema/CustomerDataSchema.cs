namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 3: custom fields, merges, saved segments, RFM scores, consent and the erasure log.</summary>
internal static class CustomerDataSchema
{
    public const int Version = 3;

    public const string Name = "custom fields, merges, segments, rfm, consent, erasures";

    // JSON that the engine reads back as a whole (definitions, merge counts) is jsonb; JSON shown to people as
    // written (segment conditions, merge snapshots) is text, because jsonb reorders keys and drops whitespace.
    public const string Sql = """
        CREATE TABLE custom_fields (
            tenant_id text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            definition jsonb NOT NULL,
            PRIMARY KEY (tenant_id, key)
        );

        CREATE TABLE merge_records (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            survivor_id uuid NOT NULL,
            merged_id uuid NOT NULL,
            merged_at timestamptz NOT NULL,
            merged_at_tick smallint NOT NULL,
            actor text COLLATE "C" NOT NULL,
            interactions_moved bigint NOT NULL,
            purchases_moved bigint NOT NULL,
            participants jsonb NOT NULL,
            field_sources jsonb NOT NULL,
            merged_snapshot text,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_merge_records_survivor ON merge_records (tenant_id, survivor_id);
        CREATE INDEX ix_merge_records_merged ON merge_records (tenant_id, merged_id);

        CREATE TABLE segments (
            tenant_id text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            condition text NOT NULL,
            description text,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, name)
        );

        -- Scores of the last RFM run, one row per customer with a purchase; rfm* conditions read it by primary key.
        CREATE TABLE customer_rfm (
            tenant_id text COLLATE "C" NOT NULL,
            customer_id uuid NOT NULL,
            recency smallint NOT NULL,
            frequency smallint NOT NULL,
            monetary smallint NOT NULL,
            segment text COLLATE "C" NOT NULL,
            computed_at timestamptz NOT NULL,
            computed_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)
        );
        CREATE INDEX ix_customer_rfm_segment ON customer_rfm (tenant_id, segment, customer_id);

        -- Append-only; the highest id per (customer, channel, purpose) is the decision in force.
        CREATE TABLE consents (
            tenant_id text COLLATE "C" NOT NULL,
            id bigint GENERATED ALWAYS AS IDENTITY,
            customer_id uuid NOT NULL,
            channel text COLLATE "C" NOT NULL,
            purpose text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            source text COLLATE "C" NOT NULL,
            recorded_at timestamptz NOT NULL,
            recorded_at_tick smallint NOT NULL,
            actor text COLLATE "C" NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_consents_customer ON consents (tenant_id, customer_id, channel, purpose, id);

        -- Holds no personal data: the random customer id, when, who, why and counts.
        CREATE TABLE erasures (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            customer_id uuid NOT NULL,
            erased_at timestamptz NOT NULL,
            erased_at_tick smallint NOT NULL,
            actor text COLLATE "C" NOT NULL,
            reason text COLLATE "C" NOT NULL,
            interactions bigint NOT NULL,
            purchases bigint NOT NULL,
            merge_snapshots bigint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        """;
}
