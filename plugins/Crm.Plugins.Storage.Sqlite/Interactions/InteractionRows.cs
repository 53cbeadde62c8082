using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Interactions;

/// <summary>Maps interactions to rows of <c>interactions</c> and back.</summary>
internal static class InteractionRows
{
    public const string SelectList =
        "i.id, i.version, i.customer_id, i.channel, i.direction, i.occurred_at, i.subject, i.body, i.external_id, i.metadata, " +
        "i.deal_id, i.case_id, i.campaign_id, i.created_at";

    private static readonly string[] Columns =
    [
        "tenant_id", "id", "version", "customer_id", "channel", "direction", "occurred_at", "subject", "body", "external_id",
        "metadata", "deal_id", "case_id", "campaign_id", "created_at",
    ];

    public static readonly string InsertSql =
        $"INSERT INTO interactions ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))});";

    public static readonly string UpdateSql =
        "UPDATE interactions SET version = @version + 1, " +
        string.Join(", ", Columns.Skip(3).Select(c => $"{c} = @{c}")) +
        " WHERE tenant_id = @tenant_id AND id = @id AND version = @version;";

    public static void AddParameters(SqliteCommand command) => SqliteValues.AddParameters(command, Columns);

    public static void Bind(SqliteParameterCollection p, Interaction i, long version, JsonColumns json)
    {
        p[0].Value = i.TenantId;
        p[1].Value = i.Id;
        p[2].Value = version;
        p[3].Value = i.CustomerId;
        p[4].Value = i.Channel;
        p[5].Value = i.Direction.ToString();
        p[6].Value = SqliteValues.ToTicks(i.OccurredAt);
        p[7].Value = SqliteValues.OrNull(i.Subject);
        p[8].Value = SqliteValues.OrNull(i.Body);
        p[9].Value = SqliteValues.OrNull(i.ExternalId);
        p[10].Value = json.WriteMetadata(i.Metadata);
        p[11].Value = SqliteValues.OrNull(i.DealId);
        p[12].Value = SqliteValues.OrNull(i.CaseId);
        p[13].Value = SqliteValues.OrNull(i.CampaignId);
        p[14].Value = SqliteValues.ToTicks(i.CreatedAt);
    }

    public static Interaction Read(SqliteDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        CustomerId = r.GetGuid(2),
        Channel = r.GetString(3),
        Direction = Enum.Parse<InteractionDirection>(r.GetString(4)),
        OccurredAt = SqliteValues.FromTicks(r.GetInt64(5)),
        Subject = r.GetStringOrNull(6),
        Body = r.GetStringOrNull(7),
        ExternalId = r.GetStringOrNull(8),
        Metadata = JsonColumns.ReadMetadata(r.GetString(9)),
        DealId = r.GetGuidOrNull(10),
        CaseId = r.GetGuidOrNull(11),
        CampaignId = r.GetGuidOrNull(12),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(13)),
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
