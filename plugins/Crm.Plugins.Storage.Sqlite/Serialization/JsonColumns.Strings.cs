using System.Text;
using System.Text.Json;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>SQLite stores string lists (emails, phones, tags) as JSON arrays.</summary>
internal sealed partial class JsonColumns
{
    public string WriteStrings(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        Reset();
        _writer.WriteStartArray();
        foreach (var value in values)
        {
            _writer.WriteStringValue(value);
        }

        _writer.WriteEndArray();
        return Flush();
    }

    /// <summary>Writes a string list as <see cref="WriteStrings"/> does, as UTF-8 valid until the next write.</summary>
    public ReadOnlySpan<byte> WriteStringsUtf8(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]"u8;
        }

        Reset();
        _writer.WriteStartArray();
        foreach (var value in values)
        {
            _writer.WriteStringValue(value);
        }

        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    public static IReadOnlyList<string> ReadStrings(string json)
    {
        if (json.Length <= 2)
        {
            return [];
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var values = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.GetString()!);
            }
        }

        return values;
    }
}
