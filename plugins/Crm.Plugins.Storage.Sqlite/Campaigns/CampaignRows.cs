using System.Globalization;
using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

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

    public static void Bind(SqliteCommand command, string tenantId, Campaign c)
    {
        var p = command.Parameters;
        p.AddWithValue("@tenant", tenantId);
        p.AddWithValue("@id", c.Id);
        p.AddWithValue("@name", c.Name);
        p.AddWithValue("@channel", c.Channel);
        p.AddWithValue("@purpose", c.Purpose);
        p.AddWithValue("@template", c.TemplateId);
        p.AddWithValue("@variants", CampaignVariantsJson.Write(c.Variants));
        p.AddWithValue("@segment", SqliteValues.OrNull(c.Audience.SegmentName));
        p.AddWithValue("@condition", SqliteValues.OrNull(c.Audience.ConditionJson));
        p.AddWithValue("@rate", c.SendRatePerMinute is { } rate ? rate : DBNull.Value);
        p.AddWithValue("@window", c.AttributionWindow.Ticks);
        p.AddWithValue("@cost", Scale(c.Cost));
        p.AddWithValue("@currency", c.Currency);
        p.AddWithValue("@landing", SqliteValues.OrNull(c.LandingUrl?.OriginalString));
        p.AddWithValue("@status", c.Status.ToString());
        p.AddWithValue("@scheduled", c.ScheduledAt is { } scheduled ? scheduled.UtcTicks : DBNull.Value);
        p.AddWithValue("@sent", c.SentAt is { } sent ? sent.UtcTicks : DBNull.Value);
        p.AddWithValue("@created", c.CreatedAt.UtcTicks);
        p.AddWithValue("@updated", c.UpdatedAt.UtcTicks);
    }

    public static Campaign Read(SqliteDataReader r, string tenantId) => new()
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
        Cost = ScaledDecimal.Unscale(r.GetInt64(10)),
        Currency = r.GetString(11),
        LandingUrl = r.IsDBNull(12) ? null : new Uri(r.GetString(12), UriKind.RelativeOrAbsolute),
        Status = Enum.Parse<CampaignStatus>(r.GetString(13)),
        ScheduledAt = r.IsDBNull(14) ? null : SqliteValues.FromTicks(r.GetInt64(14)),
        SentAt = r.IsDBNull(15) ? null : SqliteValues.FromTicks(r.GetInt64(15)),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(16)),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(17)),
    };

    /// <summary>Scales money to the stored integer; callers validated the range (at most 4 decimals, within ±9×10^14).</summary>
    public static long Scale(decimal value) => decimal.ToInt64(decimal.Round(value * 10_000m, 0, MidpointRounding.ToEven));

    public static string Offset(int offset) => offset.ToString(CultureInfo.InvariantCulture);
}
