using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Workflows;

/// <summary>Maps workflow rows to records; column lists and readers are kept side by side so they cannot drift apart.</summary>
internal static class WorkflowRows
{
    public const string InstanceColumns =
        "w.id, w.version, w.workflow_id, w.workflow_version, w.entity_kind, w.entity_id, w.state, w.status, " +
        "w.created_at, w.created_at_tick, w.updated_at, w.updated_at_tick";

    public const string HistoryColumns =
        "h.instance_id, h.sequence, h.occurred_at, h.occurred_at_tick, h.trigger_name, h.from_state, h.to_state, h.payload, " +
        "h.actor, h.idempotency_key, h.workflow_version";

    /// <summary>The timer columns without a table alias, for <c>RETURNING</c> as well as for selects.</summary>
    public const string TimerColumns = "id, tenant_id, instance_id, trigger_name, state, due_at, due_at_tick, created_at, created_at_tick";

    public static WorkflowInstance ReadInstance(NpgsqlDataReader reader, string tenantId) => new()
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
        CreatedAt = reader.GetInstant(8, 9),
        UpdatedAt = reader.GetInstant(10, 11),
    };

    public static WorkflowHistoryEntry ReadHistory(NpgsqlDataReader reader) => new()
    {
        InstanceId = reader.GetGuid(0),
        Sequence = reader.GetInt64(1),
        OccurredAt = reader.GetInstant(2, 3),
        Trigger = reader.GetString(4),
        FromState = reader.GetStringOrNull(5),
        ToState = reader.GetString(6),
        PayloadJson = reader.GetStringOrNull(7),
        Actor = reader.GetStringOrNull(8),
        IdempotencyKey = reader.GetStringOrNull(9),
        WorkflowVersion = reader.GetInt32(10),
    };

    /// <summary>Reads a timer from <see cref="TimerColumns"/>.</summary>
    public static WorkflowTimer ReadTimer(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        TenantId = reader.GetString(1),
        InstanceId = reader.GetGuid(2),
        Trigger = reader.GetString(3),
        State = reader.GetString(4),
        DueAt = reader.GetInstant(5, 6),
        CreatedAt = reader.GetInstant(7, 8),
    };
}
