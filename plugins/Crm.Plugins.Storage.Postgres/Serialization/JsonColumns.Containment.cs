using System.Text;
using System.Text.Json;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>PostgreSQL matches attributes with GIN-indexable JSONB containment.</summary>
internal sealed partial class JsonColumns
{
    /// <summary>Writes one attribute as a single-key object, the right-hand side of a GIN-indexable <c>@&gt;</c>.</summary>
    public static string Containment(string key, object value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            switch (value)
            {
                case string text:
                    writer.WriteString(key, text);
                    break;
                case decimal number:
                    writer.WriteNumber(key, number);
                    break;
                case bool flag:
                    writer.WriteBoolean(key, flag);
                    break;
                default:
                    throw new ArgumentException($"Unsupported attribute literal type '{value.GetType().Name}'.", nameof(value));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
