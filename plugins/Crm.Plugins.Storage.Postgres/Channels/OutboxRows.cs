using Crm.Engine.Channels;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Channels;

/// <summary>Maps outbox messages and attempts to rows and back; column lists and readers sit side by side so they cannot drift apart.</summary>
internal static class OutboxRows
{
    /// <summary>The columns <see cref="ReadMessage"/> expects, unqualified (they are also used in <c>RETURNING</c>).</summary>
    public const string MessageColumns =
        "tenant_id, id, channel, customer_id, recipient, subject, text_body, html_body, headers::text, idempotency_key, purpose, status, attempts, " +
        "next_attempt_at, next_attempt_at_tick, last_error, provider_message_id, interaction_id, template_id, deal_id, case_id, campaign_id, campaign_variant, " +
        "created_at, created_at_tick, updated_at, updated_at_tick";

    /// <summary>
    /// Inserts a message unless its key (or its id) is taken. No unique violation is raised, so the caller's transaction
    /// stays usable; no row written means the key or the id was used before.
    /// </summary>
    public const string InsertSql =
        "INSERT INTO outbox_messages (tenant_id, id, channel, customer_id, recipient, subject, text_body, html_body, headers, idempotency_key, purpose, status, " +
        "attempts, next_attempt_at, next_attempt_at_tick, last_error, provider_message_id, interaction_id, template_id, deal_id, case_id, campaign_id, " +
        "campaign_variant, created_at, created_at_tick, updated_at, updated_at_tick) " +
        "VALUES (@tenant, @id, @channel, @customer, @recipient, @subject, @text, @html, @headers, @key, @purpose, @status, @attempts, @next, @next_tick, " +
        "@error, @providerId, @interaction, @template, @deal, @case, @campaign, @variant, @created, @created_tick, @updated, @updated_tick) " +
        "ON CONFLICT DO NOTHING;";

    public const string AttemptColumns = "message_id, number, attempted_at, attempted_at_tick, outcome, detail, provider_message_id, duration";

    public static void BindMessage(NpgsqlCommand command, OutboxMessage message) => BindMessage(command.Parameters, message);

    /// <summary>Adds the parameters of <see cref="InsertSql"/> other than the tenant (a batch command has a collection of its own).</summary>
    public static void BindMessage(NpgsqlParameterCollection p, OutboxMessage message)
    {
        using var json = new JsonColumns();
        p.AddUuid("id", message.Id);
        p.AddText("channel", message.Channel);
        p.AddUuidOrNull("customer", message.CustomerId);
        p.AddText("recipient", message.Recipient);
        p.AddText("subject", message.Subject);
        p.AddText("text", message.TextBody);
        p.AddText("html", message.HtmlBody);
        p.AddJsonb("headers", json.WriteMetadata(message.Headers));
        p.AddText("key", message.IdempotencyKey);
        p.AddText("purpose", message.Purpose);
        p.AddText("status", message.Status.ToString());
        p.AddInteger("attempts", message.Attempts);
        p.AddInstant("next", message.NextAttemptAt);
        p.AddText("error", message.LastError);
        p.AddText("providerId", message.ProviderMessageId);
        p.AddUuidOrNull("interaction", message.InteractionId);
        p.AddText("template", message.TemplateId);
        p.AddUuidOrNull("deal", message.DealId);
        p.AddUuidOrNull("case", message.CaseId);
        p.AddUuidOrNull("campaign", message.CampaignId);
        p.AddText("variant", message.CampaignVariant);
        p.AddInstant("created", message.CreatedAt);
        p.AddInstant("updated", message.UpdatedAt);
    }

    public static OutboxMessage ReadMessage(NpgsqlDataReader r) => new()
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
        NextAttemptAt = r.GetInstant(13, 14),
        LastError = r.GetStringOrNull(15),
        ProviderMessageId = r.GetStringOrNull(16),
        InteractionId = r.GetGuidOrNull(17),
        TemplateId = r.GetStringOrNull(18),
        DealId = r.GetGuidOrNull(19),
        CaseId = r.GetGuidOrNull(20),
        CampaignId = r.GetGuidOrNull(21),
        CampaignVariant = r.GetStringOrNull(22),
        CreatedAt = r.GetInstant(23, 24),
        UpdatedAt = r.GetInstant(25, 26),
    };

    public static OutboxAttempt ReadAttempt(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetInt32(1),
        r.GetInstant(2, 3),
        Enum.Parse<OutboxAttemptOutcome>(r.GetString(4)),
        r.GetStringOrNull(5),
        r.GetStringOrNull(6),
        TimeSpan.FromTicks(r.GetInt64(7)));
}
