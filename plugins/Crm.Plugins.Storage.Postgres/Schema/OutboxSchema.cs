namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 4: the transactional outbox and its attempts, inbound receipts and cursors, scheduled jobs.</summary>
internal static class OutboxSchema
{
    public const int Version = 4;

    public const string Name = "outbox, inbound receipts and cursors, scheduled jobs";

    // Statuses are enum names, as in workflow_instances. The claim indexes are partial on 'Pending' and do not lead with
    // tenant_id: dispatchers claim across tenants with FOR UPDATE SKIP LOCKED in due order, and final rows (the vast
    // majority over time) drop out of them. Instants carry their *_tick remainder like every other table. Child tables'
    // foreign keys include tenant_id, as Citus requires for co-location.
    public const string Sql = """
        CREATE TABLE outbox_messages (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            channel text COLLATE "C" NOT NULL,
            customer_id uuid,
            recipient text COLLATE "C" NOT NULL,
            subject text COLLATE "C",
            text_body text NOT NULL,
            html_body text,
            headers jsonb NOT NULL,
            idempotency_key text COLLATE "C" NOT NULL,
            purpose text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            attempts integer NOT NULL,
            next_attempt_at timestamptz NOT NULL,
            next_attempt_at_tick smallint NOT NULL,
            last_error text,
            provider_message_id text COLLATE "C",
            interaction_id uuid,
            template_id text COLLATE "C",
            deal_id uuid,
            case_id uuid,
            campaign_id uuid,
            campaign_variant text COLLATE "C",
            lease_owner text COLLATE "C",
            lease_until timestamptz,
            lease_until_tick smallint,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, idempotency_key)
        );
        CREATE INDEX ix_outbox_messages_due ON outbox_messages (next_attempt_at, next_attempt_at_tick) WHERE status = 'Pending';
        -- Leased pending rows are few (in flight, or orphaned by a dead dispatcher); the next-due read scans only them.
        CREATE INDEX ix_outbox_messages_leased ON outbox_messages (lease_until, lease_until_tick) WHERE status = 'Pending' AND lease_until IS NOT NULL;
        CREATE INDEX ix_outbox_messages_created ON outbox_messages (tenant_id, created_at, created_at_tick, id);
        CREATE INDEX ix_outbox_messages_status ON outbox_messages (tenant_id, status, created_at, created_at_tick, id);
        -- Also serves erasure and merges, which find a customer's messages.
        CREATE INDEX ix_outbox_messages_customer ON outbox_messages (tenant_id, customer_id, created_at, created_at_tick, id) WHERE customer_id IS NOT NULL;
        CREATE INDEX ix_outbox_messages_campaign ON outbox_messages (tenant_id, campaign_id, created_at, created_at_tick, id) WHERE campaign_id IS NOT NULL;

        -- Append-only; deleted with their message (erasure).
        CREATE TABLE outbox_attempts (
            tenant_id text COLLATE "C" NOT NULL,
            message_id uuid NOT NULL,
            number integer NOT NULL,
            attempted_at timestamptz NOT NULL,
            attempted_at_tick smallint NOT NULL,
            outcome text COLLATE "C" NOT NULL,
            detail text,
            provider_message_id text COLLATE "C",
            duration bigint NOT NULL,
            PRIMARY KEY (tenant_id, message_id, number),
            FOREIGN KEY (tenant_id, message_id) REFERENCES outbox_messages (tenant_id, id) ON DELETE CASCADE
        );

        CREATE TABLE inbound_receipts (
            tenant_id text COLLATE "C" NOT NULL,
            channel text COLLATE "C" NOT NULL,
            external_id text COLLATE "C" NOT NULL,
            interaction_id uuid NOT NULL,
            received_at timestamptz NOT NULL,
            received_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, channel, external_id)
        );
        -- Erasure removes the receipts of a customer's interactions: provider message ids can carry addresses.
        CREATE INDEX ix_inbound_receipts_interaction ON inbound_receipts (tenant_id, interaction_id);

        CREATE TABLE inbound_cursors (
            tenant_id text COLLATE "C" NOT NULL,
            source text COLLATE "C" NOT NULL,
            cursor text COLLATE "C" NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, source)
        );

        CREATE TABLE scheduled_jobs (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            kind text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            payload text NOT NULL,
            due_at timestamptz NOT NULL,
            due_at_tick smallint NOT NULL,
            repeat_every bigint,
            status text COLLATE "C" NOT NULL,
            attempts integer NOT NULL,
            last_error text,
            lease_owner text COLLATE "C",
            lease_until timestamptz,
            lease_until_tick smallint,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, key)
        );
        CREATE INDEX ix_scheduled_jobs_due ON scheduled_jobs (due_at, due_at_tick) WHERE status = 'Pending';
        CREATE INDEX ix_scheduled_jobs_leased ON scheduled_jobs (lease_until, lease_until_tick) WHERE status = 'Pending' AND lease_until IS NOT NULL;
        CREATE INDEX ix_scheduled_jobs_list ON scheduled_jobs (tenant_id, due_at, due_at_tick, id);
        CREATE INDEX ix_scheduled_jobs_kind ON scheduled_jobs (tenant_id, kind, due_at, due_at_tick, id);
        """;
}
