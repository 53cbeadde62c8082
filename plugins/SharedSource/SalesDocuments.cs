using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Engine.Sales;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>
/// The JSON form of sales records (leads, pipelines, deals, quotes, orders) kept in a document column next to the
/// columns SQL filters and sums. The columns are the truth for version and tenant; the rest comes from the document.
/// </summary>
internal static class SalesDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T record) => JsonSerializer.Serialize(record, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} document is empty.");

    /// <summary>The keyset token kind of deal listings (by creation time).</summary>
    public const byte DealListKind = 0x70;

    /// <summary>The keyset token kind of lead listings (by score, highest first).</summary>
    public const byte LeadListKind = 0x71;

    /// <summary>Checks the amount of a deal fits the 4-decimal scaled column.</summary>
    public static void CheckStorable(Deal deal)
    {
        if (decimal.Round(deal.Amount, 4) != deal.Amount || deal.Probability < 0 || deal.Probability > 100 || decimal.Round(deal.Probability, 2) != deal.Probability)
        {
            throw new CrmValidationException("deal.amount", $"deal '{deal.Id}': the amount must have at most 4 decimals and the probability at most 2 decimals, between 0 and 100.", "precision");
        }
    }
}
