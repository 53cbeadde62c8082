using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Workflows;

/// <summary>Maps workflow rows to records; column lists and readers are kept side by side so they cannot drift apart.</summary>
internal static class WorkflowRows
{
    public const string InstanceColumns =
        "w.id, w.version, w.workflow_id, w.workflow_version, w.entity_kind, w.entity_id, w.state, w.status, w.created_at, w.updated_at";

    public const string HistoryColumns =
        "h.instance_id, h.sequence, h.occurred_at, h.trigger_name, h.from_state, h.to_state, h.payload, h.actor, h.idempotency_key, h.workflow_version";

    public const string TimerColumns = "t.id, t.tenant_id, t.instance_id, t.trigger_name, t.state, t.due_at, t.created_at";

    public static WorkflowInstance ReadInstance(SqliteDataReader reader, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = reader.GetGuid(0),
        Version = reader.GetInt64(1),
        WorkflowId = reader.GetString(2),
        WorkflowVersion = reader.GetInt32(3),
        EntityKind = reader.GetString(4),
        EntityId = reader.GetGuid(5),
        State = reader.GetString(6),
        Status = Enum.Parse<WorkflowInstanceStatus>(reader.GetString(7)),
        CreatedAt = SqliteValues.FromTicks(reader.GetInt64(8)),
        UpdatedAt = SqliteValues.FromTicks(reader.GetInt64(9)),
    };

    public static WorkflowHistoryEntry ReadHistory(SqliteDataReader reader) => new()
    {
        InstanceId = reader.GetGuid(0),
        Sequence = reader.GetInt64(1),
        OccurredAt = SqliteValues.FromTicks(reader.GetInt64(2)),
        Trigger = reader.GetString(3),
        FromState = reader.GetStringOrNull(4),
        ToState = reader.GetString(5),
        PayloadJson = reader.GetStringOrNull(6),
        Actor = reader.GetStringOrNull(7),
        IdempotencyKey = reader.GetStringOrNull(8),
        WorkflowVersion = reader.GetInt32(9),
    };

    /// <summary>Reads a timer from <see cref="TimerColumns"/> starting at <paramref name="offset"/>.</summary>
    public static WorkflowTimer ReadTimer(SqliteDataReader reader, int offset = 0) => new()
    {
        Id = reader.GetGuid(offset),
        TenantId = reader.GetString(offset + 1),
        InstanceId = reader.GetGuid(offset + 2),
        Trigger = reader.GetString(offset + 3),
        State = reader.GetString(offset + 4),
        DueAt = SqliteValues.FromTicks(reader.GetInt64(offset + 5)),
        CreatedAt = SqliteValues.FromTicks(reader.GetInt64(offset + 6)),
    };
}
