namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>The schema step that adds workflow instances, their history, durable timers and processed fire keys.</summary>
internal static class WorkflowSchema
{
    public const string Sql = """
        CREATE TABLE workflow_instances (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            workflow_id TEXT NOT NULL,
            workflow_version INTEGER NOT NULL,
            entity_kind TEXT NOT NULL,
            entity_id BLOB NOT NULL,
            state TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- Domain events find the running instances of a customer; migrations page through one workflow version.
        CREATE INDEX ix_workflow_instances_entity ON workflow_instances (tenant_id, entity_id, status);
        CREATE INDEX ix_workflow_instances_workflow ON workflow_instances (tenant_id, workflow_id, workflow_version, status, created_at, id);
        -- Maintenance across tenants (migrations from the CLI) lists the tenants of a workflow.
        CREATE INDEX ix_workflow_instances_tenants ON workflow_instances (workflow_id, tenant_id);

        -- Append-only: the sequence is the instance version the step produced.
        CREATE TABLE workflow_history (
            tenant_id TEXT NOT NULL,
            instance_id BLOB NOT NULL,
            sequence INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            trigger_name TEXT NOT NULL,
            from_state TEXT,
            to_state TEXT NOT NULL,
            payload TEXT,
            actor TEXT,
            idempotency_key TEXT,
            workflow_version INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, instance_id, sequence),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        ) WITHOUT ROWID;

        -- The due index deliberately does not lead with tenant_id: schedulers claim due timers across tenants.
        CREATE TABLE workflow_timers (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            instance_id BLOB NOT NULL,
            trigger_name TEXT NOT NULL,
            state TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            PRIMARY KEY (tenant_id, id),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        );
        CREATE INDEX ix_workflow_timers_due ON workflow_timers (due_at);
        CREATE INDEX ix_workflow_timers_instance ON workflow_timers (tenant_id, instance_id, state);

        CREATE TABLE workflow_fire_keys (
            tenant_id TEXT NOT NULL,
            instance_id BLOB NOT NULL,
            idempotency_key TEXT NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, instance_id, idempotency_key),
            FOREIGN KEY (tenant_id, instance_id) REFERENCES workflow_instances (tenant_id, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        """;
}
