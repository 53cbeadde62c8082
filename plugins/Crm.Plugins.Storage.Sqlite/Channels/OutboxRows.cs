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

    /// <summary>The parameters of <see cref="InsertSql"/> other than the tenant, in the order <see cref="SetMessage"/> fills them.</summary>
    private static readonly string[] MessageParameters =
    [
        "@id", "@channel", "@customer", "@recipient", "@subject", "@text", "@html", "@headers", "@key", "@purpose", "@status", "@attempts",
        "@next", "@error", "@providerId", "@interaction", "@template", "@deal", "@case", "@campaign", "@variant", "@created", "@updated",
    ];

    public static void BindMessage(SqliteCommand command, OutboxMessage message) => SetMessage(AddMessageParameters(command), message);

    /// <summary>Adds the message parameters of <see cref="InsertSql"/> without values, so one command can insert many messages.</summary>
    public static SqliteParameter[] AddMessageParameters(SqliteCommand command)
    {
        var parameters = new SqliteParameter[MessageParameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            // Untyped like every other parameter of the provider, so values are stored exactly as a single insert stores them.
            parameters[i] = command.Parameters.Add(new SqliteParameter(MessageParameters[i], null));
        }

        return parameters;
    }

    /// <summary>Sets the parameters from <see cref="AddMessageParameters"/> to a message's values.</summary>
    public static void SetMessage(SqliteParameter[] p, OutboxMessage message)
    {
        using var json = new JsonColumns();
        p[0].Value = message.Id;
        p[1].Value = message.Channel;
        p[2].Value = SqliteValues.OrNull(message.CustomerId);
        p[3].Value = message.Recipient;
        p[4].Value = SqliteValues.OrNull(message.Subject);
        p[5].Value = message.TextBody;
        p[6].Value = SqliteValues.OrNull(message.HtmlBody);
        p[7].Value = json.WriteMetadata(message.Headers);
        p[8].Value = message.IdempotencyKey;
        p[9].Value = message.Purpose;
        p[10].Value = message.Status.ToString();
        p[11].Value = message.Attempts;
        p[12].Value = SqliteValues.ToTicks(message.NextAttemptAt);
        p[13].Value = SqliteValues.OrNull(message.LastError);
        p[14].Value = SqliteValues.OrNull(message.ProviderMessageId);
        p[15].Value = SqliteValues.OrNull(message.InteractionId);
        p[16].Value = SqliteValues.OrNull(message.TemplateId);
        p[17].Value = SqliteValues.OrNull(message.DealId);
        p[18].Value = SqliteValues.OrNull(message.CaseId);
        p[19].Value = SqliteValues.OrNull(message.CampaignId);
        p[20].Value = SqliteValues.OrNull(message.CampaignVariant);
        p[21].Value = SqliteValues.ToTicks(message.CreatedAt);
        p[22].Value = SqliteValues.ToTicks(message.UpdatedAt);
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
