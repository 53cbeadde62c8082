using Crm.Engine.Campaigns;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Postgres.CustomerData;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Campaigns;

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

    /// <summary>Gets the expression of the channel's address in lower case, or null for channels addressed by attributes.</summary>
    public static string? Address(string channel) => channel switch
    {
        InteractionChannels.Email => "lower(c.emails[1])",
        InteractionChannels.Sms or InteractionChannels.Phone => "lower(c.phones[1])",
        _ => null,
    };

    public static string AddressSuppressed(string channel) => Address(channel) is { } address
        ? $"EXISTS (SELECT 1 FROM suppressed_addresses a WHERE a.tenant_id = @tenant AND a.address = {address})"
        : "false";

    public static string HasAddress(string channel) => channel switch
    {
        InteractionChannels.Email => "cardinality(c.emails) > 0",
        InteractionChannels.Sms or InteractionChannels.Phone => "cardinality(c.phones) > 0",
        _ => "true",
    };

    /// <summary>Translates the segment condition and binds the common parameters; returns the predicate over <c>c</c>.</summary>
    public static string Members(CampaignAudienceQuery query, NpgsqlCommand command, string tenantId)
    {
        command.Parameters.AddText("@tenant", tenantId);
        command.Parameters.AddUuid("@campaign", query.CampaignId);
        command.Parameters.AddText("@channel", query.Channel);
        command.Parameters.AddText("@purpose", query.Purpose);
        if (query.Filter is null)
        {
            return "c.tenant_id = @tenant";
        }

        var bound = ConditionBinder.Bind(query.Filter, SegmentFields.Customer);
        var translator = new PgConditionTranslator(query.AsOf);
        var predicate = translator.Translate(bound, PgSegmentFields.Customer, "c");
        command.Parameters.AddRange(translator.Parameters.ToArray());
        return "c.tenant_id = @tenant AND " + predicate;
    }
}
