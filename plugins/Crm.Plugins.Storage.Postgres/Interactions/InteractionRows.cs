using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Interactions;

/// <summary>Maps interactions to rows of <c>interactions</c> and back.</summary>
internal static class InteractionRows
{
    public const string SelectList =
        "i.id, i.version, i.customer_id, i.channel, i.direction, i.occurred_at, i.occurred_at_tick, i.subject, i.body, " +
        "i.external_id, i.metadata, i.deal_id, i.case_id, i.campaign_id, i.created_at, i.created_at_tick";

    public static PgTable<Interaction> Table { get; } = new(
        "interactions",
        [
            ("tenant_id", NpgsqlDbType.Text), ("id", NpgsqlDbType.Uuid), ("version", NpgsqlDbType.Bigint),
            ("customer_id", NpgsqlDbType.Uuid), ("channel", NpgsqlDbType.Text), ("direction", NpgsqlDbType.Text),
            ("occurred_at", NpgsqlDbType.TimestampTz), ("occurred_at_tick", NpgsqlDbType.Smallint),
            ("subject", NpgsqlDbType.Text), ("body", NpgsqlDbType.Text), ("external_id", NpgsqlDbType.Text),
            ("metadata", NpgsqlDbType.Jsonb), ("deal_id", NpgsqlDbType.Uuid), ("case_id", NpgsqlDbType.Uuid),
            ("campaign_id", NpgsqlDbType.Uuid), ("created_at", NpgsqlDbType.TimestampTz), ("created_at_tick", NpgsqlDbType.Smallint),
        ],
        Fill);

    private static void Fill(object?[] row, Interaction i, long version, JsonColumns json)
    {
        var occurred = PgInstant.From(i.OccurredAt);
        var created = PgInstant.From(i.CreatedAt);
        row[0] = i.TenantId;
        row[1] = i.Id;
        row[2] = version;
        row[3] = i.CustomerId;
        row[4] = i.Channel;
        row[5] = i.Direction.ToString();
        row[6] = occurred.Micros;
        row[7] = occurred.Remainder;
        row[8] = i.Subject;
        row[9] = i.Body;
        row[10] = i.ExternalId;
        row[11] = json.WriteMetadata(i.Metadata);
        row[12] = i.DealId;
        row[13] = i.CaseId;
        row[14] = i.CampaignId;
        row[15] = created.Micros;
        row[16] = created.Remainder;
    }

    public static Interaction Read(NpgsqlDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        CustomerId = r.GetGuid(2),
        Channel = r.GetString(3),
        Direction = Enum.Parse<InteractionDirection>(r.GetString(4)),
        OccurredAt = r.GetInstant(5, 6),
        Subject = r.GetStringOrNull(7),
        Body = r.GetStringOrNull(8),
        ExternalId = r.GetStringOrNull(9),
        Metadata = JsonColumns.ReadMetadata(r.GetString(10)),
        DealId = r.GetGuidOrNull(11),
        CaseId = r.GetGuidOrNull(12),
        CampaignId = r.GetGuidOrNull(13),
        CreatedAt = r.GetInstant(14, 15),
    };

    public static void Validate(Interaction i)
    {
        List<ValidationError>? errors = null;
        if (i.Channel is null)
        {
            (errors ??= []).Add(new ValidationError("channel", "the channel is null; name one such as 'email'.") { Rule = "required" });
        }

        if (i.Metadata is null)
        {
            (errors ??= []).Add(new ValidationError("metadata", "the metadata is null; use an empty dictionary for none.") { Rule = "required" });
        }
        else
        {
            foreach (var (key, value) in i.Metadata)
            {
                if (value is null)
                {
                    (errors ??= []).Add(new ValidationError($"metadata.{key}", "the value is null.") { Rule = "required" });
                }
            }
        }

        if (errors is not null)
        {
            throw new CrmValidationException(errors);
        }
    }
}
