using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>
/// Writes and reads the JSON columns every first-party provider has (attributes, metadata) with one reusable buffer,
/// so bulk inserts do not allocate a writer per row. Not thread-safe: one instance per command loop. Providers add
/// their own members in a partial file (string lists for SQLite, containment literals for PostgreSQL).
/// </summary>
internal sealed partial class JsonColumns : IDisposable
{
    private const string DateKind = "date";

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public JsonColumns()
    {
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public void Dispose() => _writer.Dispose();

    public string WriteMetadata(IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return "{}";
        }

        Reset();
        _writer.WriteStartObject();
        foreach (var (key, value) in values)
        {
            _writer.WriteString(key, value);
        }

        _writer.WriteEndObject();
        return Flush();
    }

    /// <summary>
    /// Writes attributes as a JSON object whose value types SQL can test (<c>json_type</c>, <c>jsonb_typeof</c>): string,
    /// number, boolean. Dates are strings <c>yyyy-MM-dd</c>, so their keys are returned separately to restore them on read.
    /// </summary>
    public (string Values, string? DateKeys) WriteAttributes(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return ("{}", null);
        }

        List<string>? dateKeys = null;
        Reset();
        _writer.WriteStartObject();
        foreach (var (key, value) in attributes)
        {
            switch (value.Kind)
            {
                case AttributeKind.Number:
                    _writer.WriteNumber(key, value.AsNumber());
                    break;
                case AttributeKind.Boolean:
                    _writer.WriteBoolean(key, value.AsBoolean());
                    break;
                case AttributeKind.Date:
                    _writer.WriteString(key, value.ToString());
                    (dateKeys ??= []).Add(key);
                    break;
                default:
                    _writer.WriteString(key, value.AsString());
                    break;
            }
        }

        _writer.WriteEndObject();
        var values = Flush();
        if (dateKeys is null)
        {
            return (values, null);
        }

        Reset();
        _writer.WriteStartObject();
        foreach (var key in dateKeys)
        {
            _writer.WriteString(key, DateKind);
        }

        _writer.WriteEndObject();
        return (values, Flush());
    }

    public static IReadOnlyDictionary<string, string> ReadMetadata(string json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.Length <= 2)
        {
            return values;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        string? key = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                key = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.String && key is not null)
            {
                values[key] = reader.GetString()!;
            }
        }

        return values;
    }

    public static IReadOnlyDictionary<string, AttributeValue> ReadAttributes(string json, string? dateKeysJson)
    {
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (json.Length <= 2)
        {
            return values;
        }

        HashSet<string>? dateKeys = null;
        if (dateKeysJson is not null)
        {
            dateKeys = new HashSet<string>(ReadMetadata(dateKeysJson).Keys, StringComparer.Ordinal);
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        string? key = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    key = reader.GetString();
                    break;
                case JsonTokenType.String when key is not null:
                    var text = reader.GetString()!;
                    values[key] = dateKeys is not null && dateKeys.Contains(key)
                        ? AttributeValue.FromDate(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture))
                        : AttributeValue.FromString(text);
                    break;
                case JsonTokenType.Number when key is not null:
                    values[key] = AttributeValue.FromNumber(reader.GetDecimal());
                    break;
                case JsonTokenType.True or JsonTokenType.False when key is not null:
                    values[key] = AttributeValue.FromBoolean(reader.GetBoolean());
                    break;
            }
        }

        return values;
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
    }

    private string Flush()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
