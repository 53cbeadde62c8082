using System.Text.Json;

namespace Crm.Engine;

/// <summary>
/// Reads a column mapping file: a JSON object from field name to column header, such as
/// <c>{"firstName": "Given name", "emails": "E-mail", "attributes.plan": "Plan"}</c>.
/// </summary>
public static class CsvColumnMap
{
    /// <summary>Parses a mapping file's JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The map from field name to column header.</returns>
    /// <exception cref="CrmValidationException">The JSON is not an object of strings.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CrmValidationException("$", "a column mapping must be a JSON object from field name to column header.", "shape");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new CrmValidationException("$." + property.Name, "the column header must be a string.", "shape");
                }

                map[property.Name] = property.Value.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new CrmValidationException($"$", $"the mapping is not valid JSON: {e.Message}", "json");
        }

        return map;
    }
}
