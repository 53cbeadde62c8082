using System.Globalization;
using Crm.Engine.Conditions;

namespace Crm.Engine;

/// <summary>
/// Binds conditions to a tenant's catalog (typed custom fields) and lowers typed attribute values to the plain
/// values attributes are stored as, so providers can bind the result again to their untyped catalog.
/// </summary>
internal static class TenantConditions
{
    public static Condition Bind(Condition condition, FieldCatalog catalog, IReadOnlyList<CustomFieldDefinition> definitions, DateTimeOffset asOf)
    {
        var bound = ConditionBinder.Bind(condition, catalog);
        return definitions.Any(d => d.Type == CustomFieldType.Date) ? Lower(bound, definitions, asOf) : bound;
    }

    private static Condition Lower(Condition condition, IReadOnlyList<CustomFieldDefinition> definitions, DateTimeOffset asOf) => condition switch
    {
        AllCondition all => all with { Conditions = all.Conditions.Select(c => Lower(c, definitions, asOf)).ToList() },
        AnyCondition any => any with { Conditions = any.Conditions.Select(c => Lower(c, definitions, asOf)).ToList() },
        NotCondition not => not with { Condition = Lower(not.Condition, definitions, asOf) },
        ComparisonCondition comparison when IsDateField(comparison.Field, definitions) => comparison with { Value = LowerValue(comparison.Value, asOf) },
        _ => condition,
    };

    private static bool IsDateField(string field, IReadOnlyList<CustomFieldDefinition> definitions) =>
        FieldCatalog.IsAttributeField(field)
        && definitions.Any(d => d.Type == CustomFieldType.Date && string.Equals(FieldCatalog.AttributePrefix + d.Key, field, StringComparison.Ordinal));

    // Attribute dates are stored and compared as "yyyy-MM-dd" text, which orders like the dates.
    private static ConditionValue? LowerValue(ConditionValue? value, DateTimeOffset asOf) => value switch
    {
        DateValue date => new StringValue(date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        RelativeDateValue relative => new StringValue(DateOnly.FromDateTime(relative.Resolve(asOf).UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ListValue list => new ListValue(list.Items.Select(i => LowerValue(i, asOf)!).ToList()),
        _ => value,
    };
}
