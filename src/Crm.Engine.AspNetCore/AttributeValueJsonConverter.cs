using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Engine.AspNetCore;

/// <summary>
/// Writes a customer attribute as a plain JSON value (string, number, boolean; a date as <c>yyyy-MM-dd</c>) and reads
/// one back. A JSON string is read as a string attribute: the custom field definitions, not the wire, decide dates.
/// </summary>
public sealed class AttributeValueJsonConverter : JsonConverter<AttributeValue>
{
    /// <inheritdoc />
    public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => AttributeValue.FromString(reader.GetString()!),
        JsonTokenType.Number => AttributeValue.FromNumber(reader.GetDecimal()),
        JsonTokenType.True => AttributeValue.FromBoolean(true),
        JsonTokenType.False => AttributeValue.FromBoolean(false),
        _ => throw new JsonException($"An attribute value must be a string, number or boolean, not {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Kind)
        {
            case AttributeKind.Number:
                writer.WriteNumberValue(value.AsNumber());
                break;
            case AttributeKind.Boolean:
                writer.WriteBooleanValue(value.AsBoolean());
                break;
            case AttributeKind.Date:
                writer.WriteStringValue(value.AsDate().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.AsString());
                break;
        }
    }
}
