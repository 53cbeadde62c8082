using Crm.Engine.Support;
using Crm.Plugins.Storage.Serialization;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Support;

/// <summary>Maps cases, alerts and articles to their rows and back.</summary>
internal static class SupportRows
{
    public const string CaseColumns =
        "id, version, customer_id, subject, description, priority, category, status, owner_id, team_id, channel, sla_policy, " +
        "opened_at, first_response_at, resolved_at, first_response_due_at, resolution_due_at, escalation_level, open_key, updated_at";

    public const string AlertColumns = "id, rule, occurrence_key, customer_id, case_id, severity, message, raised_at";

    public const string ArticleColumns = "id, version, title, body, tags, published, created_at, updated_at";

    public static void BindCase(SqliteCommand command, SupportCase c)
    {
        var p = command.Parameters;
        p.AddWithValue("@id", c.Id);
        p.AddWithValue("@version", c.Version);
        p.AddWithValue("@customer", c.CustomerId);
        p.AddWithValue("@subject", c.Subject);
        p.AddWithValue("@description", SqliteValues.OrNull(c.Description));
        p.AddWithValue("@priority", c.Priority.ToString());
        p.AddWithValue("@category", SqliteValues.OrNull(c.Category));
        p.AddWithValue("@status", c.Status.ToString());
        p.AddWithValue("@isOpen", c.IsOpen ? 1 : 0);
        p.AddWithValue("@owner", SqliteValues.OrNull(c.OwnerId));
        p.AddWithValue("@team", SqliteValues.OrNull(c.TeamId));
        p.AddWithValue("@channel", c.Channel);
        p.AddWithValue("@policy", SqliteValues.OrNull(c.SlaPolicy));
        p.AddWithValue("@opened", SqliteValues.ToTicks(c.OpenedAt));
        p.AddWithValue("@firstResponse", Ticks(c.FirstResponseAt));
        p.AddWithValue("@resolved", Ticks(c.ResolvedAt));
        p.AddWithValue("@firstResponseDue", Ticks(c.FirstResponseDueAt));
        p.AddWithValue("@resolutionDue", Ticks(c.ResolutionDueAt));
        p.AddWithValue("@escalation", c.EscalationLevel);
        p.AddWithValue("@openKey", SqliteValues.OrNull(c.OpenKey));
        p.AddWithValue("@updated", SqliteValues.ToTicks(c.UpdatedAt));
    }

    public static SupportCase ReadCase(SqliteDataReader r, string tenantId) => new()
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
        OpenedAt = SqliteValues.FromTicks(r.GetInt64(12)),
        FirstResponseAt = Time(r, 13),
        ResolvedAt = Time(r, 14),
        FirstResponseDueAt = Time(r, 15),
        ResolutionDueAt = Time(r, 16),
        EscalationLevel = r.GetInt32(17),
        OpenKey = r.GetStringOrNull(18),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(19)),
    };

    public static Alert ReadAlert(SqliteDataReader r, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = r.GetGuid(0),
        Rule = r.GetString(1),
        OccurrenceKey = r.GetString(2),
        CustomerId = r.GetGuidOrNull(3),
        CaseId = r.GetGuidOrNull(4),
        Severity = Enum.Parse<AlertSeverity>(r.GetString(5)),
        Message = r.GetString(6),
        RaisedAt = SqliteValues.FromTicks(r.GetInt64(7)),
    };

    public static KnowledgeArticle ReadArticle(SqliteDataReader r, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = r.GetGuid(0),
        Version = r.GetInt64(1),
        Title = r.GetString(2),
        Body = r.GetString(3),
        Tags = JsonColumns.ReadStrings(r.GetString(4)),
        Published = r.GetInt64(5) != 0,
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(6)),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(7)),
    };

    private static object Ticks(DateTimeOffset? value) => value is { } v ? SqliteValues.ToTicks(v) : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : SqliteValues.FromTicks(r.GetInt64(ordinal));
}
