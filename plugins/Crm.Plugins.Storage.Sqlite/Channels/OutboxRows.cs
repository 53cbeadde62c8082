using Crm.Engine.Channels;
using Crm.Plugins.Storage.Serialization;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Channels;

/// <summary>Maps outbox messages and attempts to rows and back; column lists and readers sit side by side so they cannot drift apart.</summary>
internal static class OutboxRows
{
    /// <summary>The columns <see cref="ReadMessage"/> expects, unqualified (they are also used in <c>RETURNING</c>).</summary>
    public const string MessageColumns =
        "tenant_id, id, channel, customer_id, recipient, subject, text_body, html_body, headers, idempotency_key, purpose, status, attempts, " +
        "next_attempt_at, last_error, provider_message_id, interaction_id, template_id, deal_id, case_id, campaign_id, campaign_variant, created_at, updated_at";

    public const string InsertSql =
        $"INSERT INTO outbox_messages ({MessageColumns}) VALUES (@tenant, @id, @channel, @customer, @recipient, @subject, @text, @html, @headers, @key, @purpose, " +
        "@status, @attempts, @next, @error, @providerId, @interaction, @template, @deal, @case, @campaign, @variant, @created, @updated) " +
        "ON CONFLICT (tenant_id, idempotency_key) DO NOTHING;";

    public const string AttemptColumns = "message_id, number, attempted_at, outcome, detail, provider_message_id, duration";

    public static void BindMessage(SqliteCommand command, OutboxMessage message)
    {
        using var json = new JsonColumns();
        var p = command.Parameters;
        p.AddWithValue("@id", message.Id);
        p.AddWithValue("@channel", message.Channel);
        p.AddWithValue("@customer", SqliteValues.OrNull(message.CustomerId));
        p.AddWithValue("@recipient", message.Recipient);
        p.AddWithValue("@subject", SqliteValues.OrNull(message.Subject));
        p.AddWithValue("@text", message.TextBody);
        p.AddWithValue("@html", SqliteValues.OrNull(message.HtmlBody));
        p.AddWithValue("@headers", json.WriteMetadata(message.Headers));
        p.AddWithValue("@key", message.IdempotencyKey);
        p.AddWithValue("@purpose", message.Purpose);
        p.AddWithValue("@status", message.Status.ToString());
        p.AddWithValue("@attempts", message.Attempts);
        p.AddWithValue("@next", SqliteValues.ToTicks(message.NextAttemptAt));
        p.AddWithValue("@error", SqliteValues.OrNull(message.LastError));
        p.AddWithValue("@providerId", SqliteValues.OrNull(message.ProviderMessageId));
        p.AddWithValue("@interaction", SqliteValues.OrNull(message.InteractionId));
        p.AddWithValue("@template", SqliteValues.OrNull(message.TemplateId));
        p.AddWithValue("@deal", SqliteValues.OrNull(message.DealId));
        p.AddWithValue("@case", SqliteValues.OrNull(message.CaseId));
        p.AddWithValue("@campaign", SqliteValues.OrNull(message.CampaignId));
        p.AddWithValue("@variant", SqliteValues.OrNull(message.CampaignVariant));
        p.AddWithValue("@created", SqliteValues.ToTicks(message.CreatedAt));
        p.AddWithValue("@updated", SqliteValues.ToTicks(message.UpdatedAt));
    }

    public static OutboxMessage ReadMessage(SqliteDataReader r) => new()
    {
        TenantId = r.GetString(0),
        Id = r.GetGuid(1),
        Channel = r.GetString(2),
        CustomerId = r.GetGuidOrNull(3),
        Recipient = r.GetString(4),
        Subject = r.GetStringOrNull(5),
        TextBody = r.GetString(6),
        HtmlBody = r.GetStringOrNull(7),
        Headers = JsonColumns.ReadMetadata(r.GetString(8)),
        IdempotencyKey = r.GetString(9),
        Purpose = r.GetString(10),
        Status = Enum.Parse<OutboxStatus>(r.GetString(11)),
        Attempts = r.GetInt32(12),
        NextAttemptAt = SqliteValues.FromTicks(r.GetInt64(13)),
        LastError = r.GetStringOrNull(14),
        ProviderMessageId = r.GetStringOrNull(15),
        InteractionId = r.GetGuidOrNull(16),
        TemplateId = r.GetStringOrNull(17),
        DealId = r.GetGuidOrNull(18),
        CaseId = r.GetGuidOrNull(19),
        CampaignId = r.GetGuidOrNull(20),
        CampaignVariant = r.GetStringOrNull(21),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(22)),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(23)),
    };

    public static OutboxAttempt ReadAttempt(SqliteDataReader r) => new(
        r.GetGuid(0),
        r.GetInt32(1),
        SqliteValues.FromTicks(r.GetInt64(2)),
        Enum.Parse<OutboxAttemptOutcome>(r.GetString(3)),
        r.GetStringOrNull(4),
        r.GetStringOrNull(5),
        TimeSpan.FromTicks(r.GetInt64(6)));
}
