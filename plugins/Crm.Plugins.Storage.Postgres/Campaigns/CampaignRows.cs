using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Campaigns;

/// <summary>Maps campaigns to and from rows of <c>campaigns</c>.</summary>
internal static class CampaignRows
{
    public const string Columns =
        "id, name, channel, purpose, template_id, variants, segment_name, condition, send_rate, attribution_window, cost, currency, " +
        "landing_url, status, scheduled_at, sent_at, created_at, updated_at";

    public const string InsertSql =
        "INSERT INTO campaigns (tenant_id, " + Columns + ") VALUES (@tenant, @id, @name, @channel, @purpose, @template, @variants, @segment, " +
        "@condition, @rate, @window, @cost, @currency, @landing, @status, @scheduled, @sent, @created, @updated);";

    public const string UpdateSql =
        "UPDATE campaigns SET name = @name, channel = @channel, purpose = @purpose, template_id = @template, variants = @variants, " +
        "segment_name = @segment, condition = @condition, send_rate = @rate, attribution_window = @window, cost = @cost, currency = @currency, " +
        "landing_url = @landing, status = @status, scheduled_at = @scheduled, sent_at = @sent, updated_at = @updated " +
        "WHERE tenant_id = @tenant AND id = @id;";

    public static void Bind(NpgsqlCommand command, string tenantId, Campaign c)
    {
        var p = command.Parameters;
        p.AddText("@tenant", tenantId);
        p.AddUuid("@id", c.Id);
        p.AddText("@name", c.Name);
        p.AddText("@channel", c.Channel);
        p.AddText("@purpose", c.Purpose);
        p.AddText("@template", c.TemplateId);
        p.AddJsonb("@variants", CampaignVariantsJson.Write(c.Variants));
        p.AddText("@segment", c.Audience.SegmentName);
        p.AddText("@condition", c.Audience.ConditionJson);
        p.AddInteger("@rate", c.SendRatePerMinute);
        p.AddBigint("@window", c.AttributionWindow.Ticks);
        p.Add(new NpgsqlParameter("@cost", NpgsqlDbType.Numeric) { Value = c.Cost });
        p.AddText("@currency", c.Currency);
        p.AddText("@landing", c.LandingUrl?.OriginalString);
        p.AddText("@status", c.Status.ToString());
        p.Add(new NpgsqlParameter("@scheduled", NpgsqlDbType.Bigint) { Value = c.ScheduledAt is { } scheduled ? scheduled.UtcTicks : DBNull.Value });
        p.Add(new NpgsqlParameter("@sent", NpgsqlDbType.Bigint) { Value = c.SentAt is { } sent ? sent.UtcTicks : DBNull.Value });
        p.AddBigint("@created", c.CreatedAt.UtcTicks);
        p.AddBigint("@updated", c.UpdatedAt.UtcTicks);
    }

    public static Campaign Read(NpgsqlDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Name = r.GetString(1),
        Channel = r.GetString(2),
        Purpose = r.GetString(3),
        TemplateId = r.GetString(4),
        Variants = CampaignVariantsJson.Read(r.GetString(5)),
        Audience = new CampaignAudience { SegmentName = r.GetStringOrNull(6), ConditionJson = r.GetStringOrNull(7) },
        SendRatePerMinute = r.IsDBNull(8) ? null : r.GetInt32(8),
        AttributionWindow = TimeSpan.FromTicks(r.GetInt64(9)),
        Cost = r.GetDecimal(10),
        Currency = r.GetString(11),
        LandingUrl = r.IsDBNull(12) ? null : new Uri(r.GetString(12), UriKind.RelativeOrAbsolute),
        Status = Enum.Parse<CampaignStatus>(r.GetString(13)),
        ScheduledAt = r.IsDBNull(14) ? null : Ticks(r.GetInt64(14)),
        SentAt = r.IsDBNull(15) ? null : Ticks(r.GetInt64(15)),
        CreatedAt = Ticks(r.GetInt64(16)),
        UpdatedAt = Ticks(r.GetInt64(17)),
    };

    public static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
