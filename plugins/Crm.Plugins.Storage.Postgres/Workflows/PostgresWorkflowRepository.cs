using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Postgres.Workflows;

/// <summary>
/// Stores workflow instances, history, timers and fire keys for one tenant; every command runs on the session's
/// connection and joins its open transaction, so the runtime writes a step all or nothing.
/// </summary>
/// <remarks>
/// Inserts use <c>ON CONFLICT DO NOTHING</c> and report a duplicate when no row was written, instead of catching a
/// unique violation: in PostgreSQL a failed statement aborts the surrounding transaction, and the runtime's step
/// transaction must stay usable (and cost no savepoint round trip) whatever one insert finds.
/// </remarks>
internal sealed class PostgresWorkflowRepository(PostgresStorageSession session) : IWorkflowRepository
{
    private const string EntityType = "WorkflowInstance";

    private const string InstancesSql = $"SELECT {WorkflowRows.InstanceColumns} FROM workflow_instances w WHERE w.tenant_id = @tenant";

    public async Task<WorkflowInstance?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"{InstancesSql} AND w.id = @id;");
        command.Parameters.AddUuid("id", id);
        var items = await ReadInstancesAsync(command, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, WorkflowInstanceStatus? status, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"{InstancesSql} AND w.entity_id = @entity{(status is null ? "" : " AND w.status = @status")} ORDER BY w.created_at, w.created_at_tick, w.id;");
        command.Parameters.AddUuid("entity", entityId);
        if (status is { } s)
        {
            command.Parameters.AddText("status", s.ToString());
        }

        return await ReadInstancesAsync(command, int.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<WorkflowInstance>> QueryAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = $"{InstancesSql} AND w.workflow_id = @workflow";
        command.Parameters.AddText("workflow", query.WorkflowId);
        if (query.WorkflowVersion is { } version)
        {
            sql += " AND w.workflow_version = @version";
            command.Parameters.AddInteger("version", version);
        }

        if (query.Status is { } status)
        {
            sql += " AND w.status = @status";
            command.Parameters.AddText("status", status.ToString());
        }

        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, KeysetToken.WorkflowInstancesKind);
            sql += " AND (w.created_at, w.created_at_tick, w.id) > (@after, @after_tick, @afterId)";
            command.Parameters.AddInstant("after", new DateTimeOffset(key, TimeSpan.Zero));
            command.Parameters.AddUuid("afterId", id);
        }

        command.CommandText = sql + " ORDER BY w.created_at, w.created_at_tick, w.id LIMIT @limit;";
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = await ReadInstancesAsync(command, query.Page.Size + 1, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(KeysetToken.WorkflowInstancesKind, items[^1].CreatedAt.UtcTicks, items[^1].Id);
        }

        return new Page<WorkflowInstance>(items, next);
    }

    public async Task<WorkflowInstance> InsertAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        CheckTenant(instance.TenantId);
        using var command = Command(
            "INSERT INTO workflow_instances (tenant_id, id, version, workflow_id, workflow_version, entity_kind, entity_id, state, status, " +
            "created_at, created_at_tick, updated_at, updated_at_tick) " +
            "VALUES (@tenant, @id, 1, @workflow, @workflowVersion, @kind, @entity, @state, @status, @created, @created_tick, @updated, @updated_tick) " +
            "ON CONFLICT DO NOTHING;");
        BindInstance(command, instance);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new CrmDuplicateException(EntityType, instance.Id);
        }

        return instance with { Version = 1 };
    }

    public async Task<WorkflowInstance> UpdateAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        CheckTenant(instance.TenantId);
        using var command = Command(
            "UPDATE workflow_instances SET version = version + 1, workflow_id = @workflow, workflow_version = @workflowVersion, entity_kind = @kind, " +
            "entity_id = @entity, state = @state, status = @status, updated_at = @updated, updated_at_tick = @updated_tick " +
            "WHERE tenant_id = @tenant AND id = @id AND version = @version;");
        BindInstance(command, instance);
        command.Parameters.AddBigint("version", instance.Version);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return instance with { Version = instance.Version + 1 };
        }

        using var read = Command("SELECT version FROM workflow_instances WHERE tenant_id = @tenant AND id = @id;");
        read.Parameters.AddUuid("id", instance.Id);
        var actual = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        throw new CrmConcurrencyException(EntityType, instance.Id, instance.Version, actual);
    }

    public async Task AppendHistoryAsync(WorkflowHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var command = Command(
            "INSERT INTO workflow_history (tenant_id, instance_id, sequence, occurred_at, occurred_at_tick, trigger_name, from_state, to_state, " +
            "payload, actor, idempotency_key, workflow_version) " +
            "VALUES (@tenant, @instance, @sequence, @at, @at_tick, @trigger, @from, @to, @payload, @actor, @key, @workflowVersion) ON CONFLICT DO NOTHING;");
        command.Parameters.AddUuid("instance", entry.InstanceId);
        command.Parameters.AddBigint("sequence", entry.Sequence);
        command.Parameters.AddInstant("at", entry.OccurredAt);
        command.Parameters.AddText("trigger", entry.Trigger);
        command.Parameters.AddText("from", entry.FromState);
        command.Parameters.AddText("to", entry.ToState);
        command.Parameters.AddText("payload", entry.PayloadJson);
        command.Parameters.AddText("actor", entry.Actor);
        command.Parameters.AddText("key", entry.IdempotencyKey);
        command.Parameters.AddInteger("workflowVersion", entry.WorkflowVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new CrmDuplicateException("WorkflowHistoryEntry", entry.InstanceId);
        }
    }

    public async Task<Page<WorkflowHistoryEntry>> GetHistoryAsync(Guid instanceId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        var after = SequenceToken.Decode(page.ContinuationToken);
        using var command = Command(
            $"SELECT {WorkflowRows.HistoryColumns} FROM workflow_history h WHERE h.tenant_id = @tenant AND h.instance_id = @instance AND h.sequence > @after " +
            "ORDER BY h.sequence LIMIT @limit;");
        command.Parameters.AddUuid("instance", instanceId);
        command.Parameters.AddBigint("after", after);
        command.Parameters.AddInteger("limit", page.Size + 1);
        var items = new List<WorkflowHistoryEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(WorkflowRows.ReadHistory(reader));
            }
        }

        string? next = null;
        if (items.Count > page.Size)
        {
            items.RemoveAt(page.Size);
            next = SequenceToken.Encode(items[^1].Sequence);
        }

        return new Page<WorkflowHistoryEntry>(items, next);
    }

    public async Task AddTimerAsync(WorkflowTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        CheckTenant(timer.TenantId);
        using var command = Command(
            "INSERT INTO workflow_timers (tenant_id, id, instance_id, trigger_name, state, due_at, due_at_tick, created_at, created_at_tick) " +
            "VALUES (@tenant, @id, @instance, @trigger, @state, @due, @due_tick, @created, @created_tick) ON CONFLICT DO NOTHING;");
        command.Parameters.AddUuid("id", timer.Id);
        command.Parameters.AddUuid("instance", timer.InstanceId);
        command.Parameters.AddText("trigger", timer.Trigger);
        command.Parameters.AddText("state", timer.State);
        command.Parameters.AddInstant("due", timer.DueAt);
        command.Parameters.AddInstant("created", timer.CreatedAt);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new CrmDuplicateException("WorkflowTimer", timer.Id);
        }
    }

    public async Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT {WorkflowRows.TimerColumns} FROM workflow_timers WHERE tenant_id = @tenant AND instance_id = @instance ORDER BY due_at, due_at_tick, id;");
        command.Parameters.AddUuid("instance", instanceId);
        var timers = new List<WorkflowTimer>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                timers.Add(WorkflowRows.ReadTimer(reader));
            }
        }

        return timers;
    }

    public async Task<bool> DeleteTimerAsync(Guid timerId, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM workflow_timers WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", timerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> DeleteTimersAsync(Guid instanceId, string? state, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"DELETE FROM workflow_timers WHERE tenant_id = @tenant AND instance_id = @instance{(state is null ? "" : " AND state = @state")};");
        command.Parameters.AddUuid("instance", instanceId);
        if (state is not null)
        {
            command.Parameters.AddText("state", state);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryRecordFireKeyAsync(Guid instanceId, string idempotencyKey, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        using var command = Command(
            "INSERT INTO workflow_fire_keys (tenant_id, instance_id, idempotency_key, processed_at, processed_at_tick) " +
            "VALUES (@tenant, @instance, @key, @at, @at_tick) ON CONFLICT (tenant_id, instance_id, idempotency_key) DO NOTHING;");
        command.Parameters.AddUuid("instance", instanceId);
        command.Parameters.AddText("key", idempotencyKey);
        command.Parameters.AddInstant("at", processedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }

    private void CheckTenant(string tenantId)
    {
        if (!string.Equals(tenantId, session.TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(session.TenantId, tenantId);
        }
    }

    private static void BindInstance(NpgsqlCommand command, WorkflowInstance instance)
    {
        command.Parameters.AddUuid("id", instance.Id);
        command.Parameters.AddText("workflow", instance.WorkflowId);
        command.Parameters.AddInteger("workflowVersion", instance.WorkflowVersion);
        command.Parameters.AddText("kind", instance.EntityKind);
        command.Parameters.AddUuid("entity", instance.EntityId);
        command.Parameters.AddText("state", instance.State);
        command.Parameters.AddText("status", instance.Status.ToString());
        command.Parameters.AddInstant("created", instance.CreatedAt);
        command.Parameters.AddInstant("updated", instance.UpdatedAt);
    }

    private async Task<List<WorkflowInstance>> ReadInstancesAsync(NpgsqlCommand command, int max, CancellationToken cancellationToken)
    {
        var items = new List<WorkflowInstance>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (items.Count < max && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(WorkflowRows.ReadInstance(reader, session.TenantId));
            }
        }

        return items;
    }
}
