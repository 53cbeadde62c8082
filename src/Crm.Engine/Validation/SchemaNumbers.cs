using System.Text.Json;
using Crm.Engine.Json;

namespace Crm.Engine;

/// <summary>
/// Finds integers NJsonSchema cannot check: its Newtonsoft reader turns an integer beyond 64 bits into a BigInteger,
/// and validating that against a numeric keyword throws InvalidCastException instead of reporting an error.
/// </summary>
internal static class SchemaNumbers
{
    /// <summary>Adds an error for each integer outside the 64-bit range; returns whether there was none.</summary>
    public static bool Check(JsonElement element, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        Walk(element, path, errors);
        return errors.Count == before;
    }

    private static void Walk(JsonElement element, string path, List<ValidationError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, JsonPath.Property(path, property.Name), errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, JsonPath.Index(path, index++), errors);
                }

                break;
            case JsonValueKind.Number when !element.TryGetInt64(out _) && element.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0:
                errors.Add(new ValidationError(path, $"the integer {element.GetRawText()} is out of range here: integers must fit in 64 bits.") { Rule = "range" });
                break;
        }
    }
}
