using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>
/// Writes and reads the JSON columns of the customer-data stores (custom field definitions, the per-participant
/// counts and field sources of merge records) in one format for every first-party provider.
/// </summary>
internal static class CustomerDataJson
{
    // Enum names, not numbers, so a stored definition stays readable and survives reordering of CustomFieldType.
    private static readonly JsonSerializerOptions DefinitionOptions = new() { Converters = { new JsonStringEnumConverter() } };

    public static string WriteDefinition(CustomFieldDefinition definition) => JsonSerializer.Serialize(definition, DefinitionOptions);

    public static CustomFieldDefinition ReadDefinition(string json) =>
        JsonSerializer.Deserialize<CustomFieldDefinition>(json, DefinitionOptions)
        ?? throw new InvalidOperationException("A stored custom field definition is the JSON null.");

    public static string WriteCounts(IReadOnlyDictionary<string, long> counts) => JsonSerializer.Serialize(counts);

    public static Dictionary<string, long> ReadCounts(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [], StringComparer.Ordinal);

    public static string WriteSources(IReadOnlyDictionary<string, string> sources) => JsonSerializer.Serialize(sources);

    public static Dictionary<string, string> ReadSources(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);
}
