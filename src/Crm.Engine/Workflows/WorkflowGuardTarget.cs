using System.Globalization;
using System.Text.Json;
using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>Exposes the entity's fields and the trigger's <c>payload.*</c> fields to a guard.</summary>
internal sealed class WorkflowGuardTarget(IConditionTarget entity, JsonElement payload, IReadOnlyDictionary<string, FieldType> payloadTypes) : IConditionTarget
{
    private const string Prefix = "payload.";

    public FieldValue GetValue(string field)
    {
        if (!field.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return entity.GetValue(field);
        }

        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(field.AsSpan(Prefix.Length), out var value))
        {
            return FieldValue.Missing;
        }

        var type = payloadTypes.TryGetValue(field[Prefix.Length..], out var declared) ? declared : FieldType.Dynamic;
        return (type, value.ValueKind) switch
        {
            (_, JsonValueKind.Number) => value.TryGetDecimal(out var number) ? FieldValue.FromNumber(number) : FieldValue.Missing,
            (_, JsonValueKind.True or JsonValueKind.False) => FieldValue.FromBoolean(value.GetBoolean()),
            (FieldType.DateTime, JsonValueKind.String) => DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                ? FieldValue.FromDateTime(instant)
                : FieldValue.Missing,
            (FieldType.Date, JsonValueKind.String) => DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? FieldValue.FromDate(date)
                : FieldValue.Missing,
            (_, JsonValueKind.String) => FieldValue.FromString(value.GetString()),
            (_, JsonValueKind.Array) => FieldValue.FromSet(value.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()),
            _ => FieldValue.Missing,
        };
    }

    public IEnumerable<IConditionTarget> GetRelated(string relation) => entity.GetRelated(relation);
}
