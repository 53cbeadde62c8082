using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Sqlite.Workflows;

/// <summary>
/// Stores workflow instances, history, timers and fire keys for one tenant; every command runs on the session's
/// connection and joins its open transaction, so the runtime writes a step all or nothing.
/// </summary>
internal sealed class SqliteWorkflowRepository(SqliteStorageSession session) : IWorkflowRepository
{
    private const string EntityType = "WorkflowInstance";

    public async Task<WorkflowInstance?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {WorkflowRows.InstanceColumns} FROM workflow_instances w WHERE w.tenant_id = @tenant AND w.id = @id;");
        command.Parameters.AddWithValue("@id", id);
        var items = await ReadInstancesAsync(command, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, WorkflowInstanceStatus? status, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT {WorkflowRows.InstanceColumns} FROM workflow_instances w WHERE w.tenant_id = @tenant AND w.entity_id = @entity " +
            "AND (@status IS NULL OR w.status = @status) ORDER BY w.created_at, w.id;");
        command.Parameters.AddWithValue("@entity", entityId);
        command.Parameters.AddWithValue("@status", status is { } s ? s.ToString() : DBNull.Value);
        return await ReadInstancesAsync(command, int.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<WorkflowInstance>> QueryAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var after = "";
        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, KeysetToken.WorkflowInstancesKind);
            after = " AND (w.created_at, w.id) > (@afterKey, @afterId)";
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        command.CommandText =
            $"SELECT {WorkflowRows.InstanceColumns} FROM workflow_instances w WHERE w.tenant_id = @tenant AND w.workflow_id = @workflow " +
            "AND (@version IS NULL OR w.workflow_version = @version) AND (@status IS NULL OR w.status = @status)" + after +
            " ORDER BY w.created_at, w.id LIMIT @limit;";
        command.Parameters.AddWithValue("@workflow", query.WorkflowId);
        command.Parameters.AddWithValue("@version", query.WorkflowVersion is { } v ? v : DBNull.Value);
        command.Parameters.AddWithValue("@status", query.Status is { } s ? s.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
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
        CheckTenant(instance.TenantId);
        using var command = Command(
            "INSERT INTO workflow_instances (tenant_id, id, version, workflow_id, workflow_version, entity_kind, entity_id, state, status, created_at, updated_at) " +
            "VALUES (@tenant, @id, 1, @workflow, @workflowVersion, @kind, @entity, @state, @status, @created, @updated);");
        BindInstance(command, instance);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException(EntityType, instance.Id, e);
        }

        return instance with { Version = 1 };
    }

    public async Task<WorkflowInstance> UpdateAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        CheckTenant(instance.TenantId);
        using var command = Command(
            "UPDATE workflow_instances SET version = version + 1, workflow_id = @workflow, workflow_version = @workflowVersion, entity_kind = @kind, " +
            "entity_id = @entity, state = @state, status = @status, updated_at = @updated WHERE tenant_id = @tenant AND id = @id AND version = @version;");
        BindInstance(command, instance);
        command.Parameters.AddWithValue("@version", instance.Version);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return instance with { Version = instance.Version + 1 };
        }

        using var read = Command("SELECT version FROM workflow_instances WHERE tenant_id = @tenant AND id = @id;");
        read.Parameters.AddWithValue("@id", instance.Id);
        var actual = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        throw new CrmConcurrencyException(EntityType, instance.Id, instance.Version, actual);
    }

    public async Task AppendHistoryAsync(WorkflowHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var command = Command(
            "INSERT INTO workflow_history (tenant_id, instance_id, sequence, occurred_at, trigger_name, from_state, to_state, payload, actor, idempotency_key, workflow_version) " +
            "VALUES (@tenant, @instance, @sequence, @at, @trigger, @from, @to, @payload, @actor, @key, @workflowVersion);");
        command.Parameters.AddWithValue("@instance", entry.InstanceId);
        command.Parameters.AddWithValue("@sequence", entry.Sequence);
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(entry.OccurredAt));
        command.Parameters.AddWithValue("@trigger", entry.Trigger);
        command.Parameters.AddWithValue("@from", SqliteValues.OrNull(entry.FromState));
        command.Parameters.AddWithValue("@to", entry.ToState);
        command.Parameters.AddWithValue("@payload", SqliteValues.OrNull(entry.PayloadJson));
        command.Parameters.AddWithValue("@actor", SqliteValues.OrNull(entry.Actor));
        command.Parameters.AddWithValue("@key", SqliteValues.OrNull(entry.IdempotencyKey));
        command.Parameters.AddWithValue("@workflowVersion", entry.WorkflowVersion);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException("WorkflowHistoryEntry", entry.InstanceId, e);
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
        command.Parameters.AddWithValue("@instance", instanceId);
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@limit", page.Size + 1);
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
            "INSERT INTO workflow_timers (tenant_id, id, instance_id, trigger_name, state, due_at, created_at) " +
            "VALUES (@tenant, @id, @instance, @trigger, @state, @due, @created);");
        command.Parameters.AddWithValue("@id", timer.Id);
        command.Parameters.AddWithValue("@instance", timer.InstanceId);
        command.Parameters.AddWithValue("@trigger", timer.Trigger);
        command.Parameters.AddWithValue("@state", timer.State);
        command.Parameters.AddWithValue("@due", SqliteValues.ToTicks(timer.DueAt));
        command.Parameters.AddWithValue("@created", SqliteValues.ToTicks(timer.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException("WorkflowTimer", timer.Id, e);
        }
    }

    public async Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT {WorkflowRows.TimerColumns} FROM workflow_timers t WHERE t.tenant_id = @tenant AND t.instance_id = @instance ORDER BY t.due_at, t.id;");
        command.Parameters.AddWithValue("@instance", instanceId);
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
        command.Parameters.AddWithValue("@id", timerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> DeleteTimersAsync(Guid instanceId, string? state, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM workflow_timers WHERE tenant_id = @tenant AND instance_id = @instance AND (@state IS NULL OR state = @state);");
        command.Parameters.AddWithValue("@instance", instanceId);
        command.Parameters.AddWithValue("@state", SqliteValues.OrNull(state));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryRecordFireKeyAsync(Guid instanceId, string idempotencyKey, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        using var command = Command(
            "INSERT INTO workflow_fire_keys (tenant_id, instance_id, idempotency_key, processed_at) VALUES (@tenant, @instance, @key, @at) " +
            "ON CONFLICT (tenant_id, instance_id, idempotency_key) DO NOTHING;");
        command.Parameters.AddWithValue("@instance", instanceId);
        command.Parameters.AddWithValue("@key", idempotencyKey);
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(processedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }

    private void CheckTenant(string tenantId)
    {
        if (!string.Equals(tenantId, session.TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(session.TenantId, tenantId);
        }
    }

    private static void BindInstance(SqliteCommand command, WorkflowInstance instance)
    {
        command.Parameters.AddWithValue("@id", instance.Id);
        command.Parameters.AddWithValue("@workflow", instance.WorkflowId);
        command.Parameters.AddWithValue("@workflowVersion", instance.WorkflowVersion);
        command.Parameters.AddWithValue("@kind", instance.EntityKind);
        command.Parameters.AddWithValue("@entity", instance.EntityId);
        command.Parameters.AddWithValue("@state", instance.State);
        command.Parameters.AddWithValue("@status", instance.Status.ToString());
        command.Parameters.AddWithValue("@created", SqliteValues.ToTicks(instance.CreatedAt));
        command.Parameters.AddWithValue("@updated", SqliteValues.ToTicks(instance.UpdatedAt));
    }

    private async Task<List<WorkflowInstance>> ReadInstancesAsync(SqliteCommand command, int max, CancellationToken cancellationToken)
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
