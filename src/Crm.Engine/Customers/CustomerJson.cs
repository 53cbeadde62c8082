using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Engine;

/// <summary>Writes customers and their records as JSON nodes, for merge snapshots and privacy exports.</summary>
internal static class CustomerJson
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };

    public static JsonObject ToDocument(Customer c) => new()
    {
        ["id"] = c.Id,
        ["externalId"] = c.ExternalId,
        ["firstName"] = c.FirstName,
        ["lastName"] = c.LastName,
        ["company"] = c.Company,
        ["emails"] = new JsonArray([.. c.Emails.Select(e => (JsonNode?)e)]),
        ["phones"] = new JsonArray([.. c.Phones.Select(p => (JsonNode?)p)]),
        ["birthDate"] = c.Demographics.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["gender"] = c.Demographics.Gender,
        ["city"] = c.Demographics.City,
        ["region"] = c.Demographics.Region,
        ["country"] = c.Demographics.Country,
        ["postalCode"] = c.Demographics.PostalCode,
        ["incomeBand"] = c.Demographics.IncomeBand,
        ["lifecycleStage"] = c.LifecycleStage.ToString(),
        ["ownerId"] = c.OwnerId,
        ["tags"] = new JsonArray([.. c.Tags.Select(t => (JsonNode?)t)]),
        ["attributes"] = Attributes(c.Attributes),
        ["createdAt"] = c.CreatedAt,
        ["updatedAt"] = c.UpdatedAt,
        ["version"] = c.Version,
    };

    public static JsonObject ToDocument(Interaction i) => new()
    {
        ["id"] = i.Id,
        ["channel"] = i.Channel,
        ["direction"] = i.Direction.ToString(),
        ["occurredAt"] = i.OccurredAt,
        ["subject"] = i.Subject,
        ["body"] = i.Body,
        ["externalId"] = i.ExternalId,
        ["metadata"] = new JsonObject(i.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["dealId"] = i.DealId,
        ["caseId"] = i.CaseId,
        ["campaignId"] = i.CampaignId,
        ["createdAt"] = i.CreatedAt,
    };

    public static JsonObject ToDocument(Purchase p) => new()
    {
        ["id"] = p.Id,
        ["orderNumber"] = p.OrderNumber,
        ["purchasedAt"] = p.PurchasedAt,
        ["currency"] = p.Currency,
        ["channel"] = p.Channel,
        ["total"] = p.Total,
        ["lines"] = new JsonArray([.. p.Lines.Select(l => (JsonNode?)new JsonObject
        {
            ["sku"] = l.Sku,
            ["productName"] = l.ProductName,
            ["category"] = l.Category,
            ["quantity"] = l.Quantity,
            ["unitPrice"] = l.UnitPrice,
            ["discount"] = l.Discount,
            ["total"] = l.Total,
        })]),
    };

    private static JsonObject Attributes(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        var result = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            result[key] = value.Kind switch
            {
                AttributeKind.Number => JsonValue.Create(value.AsNumber()),
                AttributeKind.Boolean => JsonValue.Create(value.AsBoolean()),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return result;
    }
}
