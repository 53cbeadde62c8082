using Crm.Engine.Support;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Support;

/// <summary>Maps cases, alerts and articles to their rows and back.</summary>
internal static class SupportRows
{
    public const string CaseColumns =
        "id, version, customer_id, subject, description, priority, category, status, owner_id, team_id, channel, sla_policy, " +
        "opened_at, opened_at_tick, first_response_at, first_response_at_tick, resolved_at, resolved_at_tick, " +
        "first_response_due_at, first_response_due_at_tick, resolution_due_at, resolution_due_at_tick, escalation_level, open_key, updated_at, updated_at_tick";

    public const string AlertColumns = "id, rule, occurrence_key, customer_id, case_id, severity, message, raised_at, raised_at_tick";

    public const string ArticleColumns = "id, version, title, body, tags, published, created_at, created_at_tick, updated_at, updated_at_tick";

    public static void BindCase(NpgsqlCommand command, SupportCase c)
    {
        var p = command.Parameters;
        p.AddUuid("id", c.Id);
        p.AddBigint("version", c.Version);
        p.AddUuid("customer", c.CustomerId);
        p.AddText("subject", c.Subject);
        p.AddText("description", c.Description);
        p.AddText("priority", c.Priority.ToString());
        p.AddText("category", c.Category);
        p.AddText("status", c.Status.ToString());
        p.Add(new NpgsqlParameter("is_open", NpgsqlTypes.NpgsqlDbType.Boolean) { Value = c.IsOpen });
        p.AddText("owner", c.OwnerId);
        p.AddText("team", c.TeamId);
        p.AddText("channel", c.Channel);
        p.AddText("policy", c.SlaPolicy);
        p.AddInstant("opened", c.OpenedAt);
        p.AddInstantOrNull("first_response", c.FirstResponseAt);
        p.AddInstantOrNull("resolved", c.ResolvedAt);
        p.AddInstantOrNull("first_response_due", c.FirstResponseDueAt);
        p.AddInstantOrNull("resolution_due", c.ResolutionDueAt);
        p.AddInteger("escalation", c.EscalationLevel);
        p.AddText("open_key", c.OpenKey);
        p.AddInstant("updated", c.UpdatedAt);
    }

    public static SupportCase ReadCase(NpgsqlDataReader r, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = r.GetGuid(0),
        Version = r.GetInt64(1),
        CustomerId = r.GetGuid(2),
        Subject = r.GetString(3),
        Description = r.GetStringOrNull(4),
        Priority = Enum.Parse<CasePriority>(r.GetString(5)),
        Category = r.GetStringOrNull(6),
        Status = Enum.Parse<CaseStatus>(r.GetString(7)),
        OwnerId = r.GetStringOrNull(8),
        TeamId = r.GetStringOrNull(9),
        Channel = r.GetString(10),
        SlaPolicy = r.GetStringOrNull(11),
        OpenedAt = r.GetInstant(12, 13),
        FirstResponseAt = Instant(r, 14),
        ResolvedAt = Instant(r, 16),
        FirstResponseDueAt = Instant(r, 18),
        ResolutionDueAt = Instant(r, 20),
        EscalationLevel = r.GetInt32(22),
        OpenKey = r.GetStringOrNull(23),
        UpdatedAt = r.GetInstant(24, 25),
    };

    public static Alert ReadAlert(NpgsqlDataReader r, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = r.GetGuid(0),
        Rule = r.GetString(1),
        OccurrenceKey = r.GetString(2),
        CustomerId = r.GetGuidOrNull(3),
        CaseId = r.GetGuidOrNull(4),
        Severity = Enum.Parse<AlertSeverity>(r.GetString(5)),
        Message = r.GetString(6),
        RaisedAt = r.GetInstant(7, 8),
    };

    public static KnowledgeArticle ReadArticle(NpgsqlDataReader r, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = r.GetGuid(0),
        Version = r.GetInt64(1),
        Title = r.GetString(2),
        Body = r.GetString(3),
        Tags = r.GetFieldValue<string[]>(4),
        Published = r.GetBoolean(5),
        CreatedAt = r.GetInstant(6, 7),
        UpdatedAt = r.GetInstant(8, 9),
    };

    private static DateTimeOffset? Instant(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : r.GetInstant(ordinal, ordinal + 1);
}
