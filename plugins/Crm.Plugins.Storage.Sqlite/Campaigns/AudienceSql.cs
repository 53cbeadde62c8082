using Crm.Engine.Campaigns;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Sqlite.CustomerData;
using Crm.Plugins.Storage.Sqlite.Querying;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

/// <summary>
/// Builds the SQL pieces of a campaign audience over <c>customers c</c>: the segment predicate, consent in force,
/// suppression of the customer or of its channel address, and earlier recipients of the campaign.
/// </summary>
internal static class AudienceSql
{
    // The latest consent record decides (highest id), read backwards along ix_consents_customer.
    public const string Consent =
        "(SELECT k.status FROM consents k WHERE k.tenant_id = @tenant AND k.customer_id = c.id AND k.channel = @channel " +
        "AND k.purpose = @purpose ORDER BY k.id DESC LIMIT 1)";

    public const string CustomerSuppressed =
        "EXISTS (SELECT 1 FROM suppressed_customers s WHERE s.tenant_id = @tenant AND s.customer_id = c.id)";

    public const string AlreadyRecipient =
        "EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.tenant_id = @tenant AND r.campaign_id = @campaign AND r.customer_id = c.id)";

    /// <summary>Gets the column holding the channel's address in lower case, or null for channels addressed by attributes.</summary>
    public static string? AddressColumn(string channel) => channel switch
    {
        InteractionChannels.Email => "c.email",
        InteractionChannels.Sms or InteractionChannels.Phone => "c.phone",
        _ => null,
    };

    public static string AddressSuppressed(string channel) => AddressColumn(channel) is { } column
        ? $"EXISTS (SELECT 1 FROM suppressed_addresses a WHERE a.tenant_id = @tenant AND a.address = lower({column}))"
        : "0";

    public static string HasAddress(string channel) => AddressColumn(channel) is { } column ? $"{column} IS NOT NULL" : "1";

    /// <summary>Translates the segment condition and binds the common parameters; returns the predicate over <c>c</c>.</summary>
    public static string Members(CampaignAudienceQuery query, SqliteCommand command, string tenantId)
    {
        command.Parameters.AddWithValue("@tenant", tenantId);
        command.Parameters.AddWithValue("@campaign", query.CampaignId);
        command.Parameters.AddWithValue("@channel", query.Channel);
        command.Parameters.AddWithValue("@purpose", query.Purpose);
        if (query.Filter is null)
        {
            return "c.tenant_id = @tenant";
        }

        var bound = ConditionBinder.Bind(query.Filter, SegmentFields.Customer);
        var translator = new SqlConditionTranslator(query.AsOf);
        var predicate = translator.Translate(bound, SegmentSqlFields.Customer, "c");
        foreach (var (name, value) in translator.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return "c.tenant_id = @tenant AND " + predicate;
    }
}
