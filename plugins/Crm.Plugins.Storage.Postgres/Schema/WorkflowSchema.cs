namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 2: workflow instances, their history, durable timers and processed fire keys.</summary>
internal static class WorkflowSchema
{
    public const int Version = 2;

    public const string Name = "workflow instances, history, timers, fire keys";

    // Instants carry their *_tick remainder like the other tables, so keyset paging and due-time comparisons use the
    // full .NET precision. The child tables' foreign keys include tenant_id, as Citus requires for co-location.
    public const string Sql = """
        CREATE TABLE workflow_instances (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            workflow_id text COLLATE "C" NOT NULL,
            workflow_version integer NOT NULL,
            entity_kind text COLLATE "C" NOT NULL,
            entity_id uuid NOT NULL,
            state text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- Domain events find the running instances of an entity; migrations page through one workflow version.
        CREATE INDEX ix_workflow_instances_entity ON workflow_instances (tenant_id, entity_id, status);
        CREATE INDEX ix_workflow_instances_workflow ON workflow_instances (tenant_id, workflow_id, workflow_version, status, created_at, created_at_tick, id);
        -- Maintenance across tenants (migrations from the CLI) lists the tenants of a workflow.
        CREATE INDEX ix_workflow_instances_tenants ON workflow_instances (workflow_id, tenant_id);

        -- Append-only: the sequence is the instance version the step produced.
        CREATE TABLE workflow_history (
            tenant_id text COLLATE "C" NOT NULL,
            instance_id uuid NOT NULL,
            sequence bigint NOT NULL,
            occurred_at timestamptz NOT NULL,
            occurred_at_tick smallint NOT NULL,
            trigger_name text COLLATE "C" NOT NULL,
            from_state text COLLATE "C",
            to_state text COLLATE "C" NOT NULL,
            payload text,
            actor text COLLATE "C",
            idempotency_key text COLLATE "C",
            workflow_version integer NOT NULL,
            PRIMARY KEY (tenant_id, instance_id, sequence),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        );

        -- The due index deliberately does not lead with tenant_id: schedulers claim due timers across tenants with
        -- FOR UPDATE SKIP LOCKED in due order. A lease (owner, expiry) keeps other schedulers off a claimed timer.
        CREATE TABLE workflow_timers (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            instance_id uuid NOT NULL,
            trigger_name text COLLATE "C" NOT NULL,
            state text COLLATE "C" NOT NULL,
            due_at timestamptz NOT NULL,
            due_at_tick smallint NOT NULL,
            created_at timestamptz NOT NULL,
            created_at_tick smallint NOT NULL,
            lease_owner text COLLATE "C",
            lease_until timestamptz,
            lease_until_tick smallint,
            PRIMARY KEY (tenant_id, id),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        );
        CREATE INDEX ix_workflow_timers_due ON workflow_timers (due_at, due_at_tick);
        CREATE INDEX ix_workflow_timers_instance ON workflow_timers (tenant_id, instance_id, state);

        CREATE TABLE workflow_fire_keys (
            tenant_id text COLLATE "C" NOT NULL,
            instance_id uuid NOT NULL,
            idempotency_key text COLLATE "C" NOT NULL,
            processed_at timestamptz NOT NULL,
            processed_at_tick smallint NOT NULL,
            PRIMARY KEY (tenant_id, instance_id, idempotency_key),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        );
        """;
}
