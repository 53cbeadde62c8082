using System.Globalization;

namespace Crm.Engine.Conditions;

/// <summary>
/// Checks a condition against a field catalog and converts its values to the fields' types: the step that makes
/// a condition safe to translate to SQL (only catalog fields, typed values) and gives it exact semantics.
/// </summary>
/// <remarks>Binding a bound condition returns an equivalent condition, so providers may bind whatever they receive.</remarks>
public static class ConditionBinder
{
    /// <summary>Binds a condition to a catalog.</summary>
    /// <param name="condition">The condition, parsed or built in code.</param>
    /// <param name="catalog">The fields it may name.</param>
    /// <returns>The bound condition.</returns>
    /// <exception cref="CrmValidationException">A field, relation, operator or value is invalid; every problem is listed with its path.</exception>
    public static Condition Bind(Condition condition, FieldCatalog catalog)
    {
        var errors = new List<ValidationError>();
        return TryBind(condition, catalog, errors) ?? throw new CrmValidationException(errors);
    }

    /// <summary>Binds a condition, adding problems to <paramref name="errors"/> instead of throwing.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="catalog">The fields it may name.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <returns>The bound condition, or <see langword="null"/> when there were errors.</returns>
    public static Condition? TryBind(Condition condition, FieldCatalog catalog, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var bound = BindNode(condition, catalog, errors, 0);
        return errors.Count > before ? null : bound;
    }

    private static Condition? BindNode(Condition condition, FieldCatalog catalog, List<ValidationError> errors, int depth)
    {
        if (depth > ConditionParser.MaxDepth)
        {
            errors.Add(new ValidationError(condition.Path, $"conditions may nest at most {ConditionParser.MaxDepth} levels deep.") { Rule = "depth" });
            return null;
        }

        switch (condition)
        {
            case AllCondition all:
                return all with { Conditions = BindChildren(all.Conditions, catalog, errors, depth) };
            case AnyCondition any:
                return any with { Conditions = BindChildren(any.Conditions, catalog, errors, depth) };
            case NotCondition not:
                var inner = BindNode(not.Condition, catalog, errors, depth + 1);
                return inner is null ? null : not with { Condition = inner };
            case ComparisonCondition comparison:
                return BindComparison(comparison, catalog, errors);
            case RelationCondition relation:
                return BindRelation(relation, catalog, errors, depth);
            default:
                errors.Add(new ValidationError(condition.Path, $"unsupported condition node '{condition.GetType().Name}'.") { Rule = "shape" });
                return null;
        }
    }

    private static List<Condition> BindChildren(IReadOnlyList<Condition> children, FieldCatalog catalog, List<ValidationError> errors, int depth)
    {
        var bound = new List<Condition>(children.Count);
        foreach (var child in children)
        {
            var result = BindNode(child, catalog, errors, depth + 1);
            if (result is not null)
            {
                bound.Add(result);
            }
        }

        return bound;
    }

    private static RelationCondition? BindRelation(RelationCondition relation, FieldCatalog catalog, List<ValidationError> errors, int depth)
    {
        if (!catalog.TryGetRelation(relation.Relation, out var related))
        {
            var known = string.Join(", ", catalog.Relations.Select(r => $"'{r}'"));
            errors.Add(new ValidationError(relation.Path, $"unknown relation '{relation.Relation}' for {catalog.Entity}. Known relations: {(known.Length > 0 ? known : "none")}.") { Rule = "unknownRelation" });
            return null;
        }

        if (relation.CountOperator > ComparisonOperator.Lte || relation.Count < 0)
        {
            errors.Add(new ValidationError(relation.Path, "a count compares a non-negative number with eq, ne, gt, gte, lt or lte.") { Rule = "operator" });
            return null;
        }

        if (relation.Where is null)
        {
            return relation;
        }

        var where = BindNode(relation.Where, related, errors, depth + 1);
        return where is null ? null : relation with { Where = where };
    }

    private static ComparisonCondition? BindComparison(ComparisonCondition comparison, FieldCatalog catalog, List<ValidationError> errors)
    {
        var path = comparison.Path;
        if (!catalog.TryGetField(comparison.Field, out var field))
        {
            errors.Add(new ValidationError(path + ".field", UnknownFieldMessage(comparison.Field, catalog)) { Rule = "unknownField" });
            return null;
        }

        if (!field.Operators.Contains(comparison.Operator))
        {
            var valid = string.Join(", ", field.Operators.Select(ConditionParser.OperatorName));
            errors.Add(new ValidationError(path + ".op", $"operator '{ConditionParser.OperatorName(comparison.Operator)}' does not apply to {Describe(field.Type)} field '{field.Name}'. Valid operators: {valid}.") { Rule = "operator" });
            return null;
        }

        var valuePath = path + ".value";
        switch (comparison.Operator)
        {
            case ComparisonOperator.Exists:
                if (comparison.Value is not null)
                {
                    errors.Add(new ValidationError(valuePath, "'exists' takes no value.") { Rule = "value" });
                    return null;
                }

                return comparison;
            case ComparisonOperator.In:
            case ComparisonOperator.Between:
                if (comparison.Value is not ListValue list || list.Items.Count == 0
                    || (comparison.Operator == ComparisonOperator.Between && list.Items.Count != 2))
                {
                    var wanted = comparison.Operator == ComparisonOperator.In ? "a non-empty list" : "a list of exactly two values [low, high]";
                    errors.Add(new ValidationError(valuePath, $"'{ConditionParser.OperatorName(comparison.Operator)}' needs {wanted}.") { Rule = "value" });
                    return null;
                }

                var items = new List<ConditionValue>(list.Items.Count);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var item = BindScalar(list.Items[i], field, comparison.Operator, $"{valuePath}[{i}]", errors);
                    if (item is null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                return comparison with { Value = new ListValue(items) };
            default:
                if (comparison.Value is null or ListValue)
                {
                    errors.Add(new ValidationError(valuePath, $"'{ConditionParser.OperatorName(comparison.Operator)}' needs a single value.") { Rule = "value" });
                    return null;
                }

                var value = BindScalar(comparison.Value, field, comparison.Operator, valuePath, errors);
                return value is null ? null : comparison with { Value = value };
        }
    }

    private static ConditionValue? BindScalar(ConditionValue value, FieldDescriptor field, ComparisonOperator op, string path, List<ValidationError> errors)
    {
        // No stored text can hold NUL (PostgreSQL refuses it outright), so such a value is an error on every provider alike.
        if (value is StringValue { Value: var text } && text.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(new ValidationError(path, $"the value for field '{field.Name}' contains the NUL character (U+0000), which no stored text can hold.") { Rule = "value" });
            return null;
        }

        ConditionValue? bound = field.Type switch
        {
            FieldType.String or FieldType.StringSet => value as StringValue,
            FieldType.Number => value as NumberValue,
            FieldType.Boolean => value as BooleanValue,
            FieldType.Date => BindDate(value),
            FieldType.DateTime => BindDateTime(value),
            FieldType.Enum => BindEnum(value, field),
            _ => op is ComparisonOperator.Contains or ComparisonOperator.StartsWith
                ? value as StringValue
                : value is StringValue or NumberValue or BooleanValue ? value : null,
        };
        if (bound is null)
        {
            errors.Add(new ValidationError(path, $"{DescribeValue(value)} is not a valid value for {Describe(field.Type)} field '{field.Name}'; {Expected(field)}.") { Rule = "value" });
        }

        return bound;
    }

    private static ConditionValue? BindDate(ConditionValue value) => value switch
    {
        DateValue or RelativeDateValue => value,
        StringValue { Value: var text } when IsoDuration.TryParse(text, out var ago) => new RelativeDateValue(ago),
        StringValue { Value: var text } when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => new DateValue(date),
        _ => null,
    };

    private static ConditionValue? BindDateTime(ConditionValue value) => value switch
    {
        DateTimeValue or RelativeDateValue => value,
        DateValue date => new DateTimeValue(new DateTimeOffset(date.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        StringValue { Value: var text } when IsoDuration.TryParse(text, out var ago) => new RelativeDateValue(ago),
        StringValue { Value: var text } when text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            => new DateTimeValue(instant),
        _ => null,
    };

    private static StringValue? BindEnum(ConditionValue value, FieldDescriptor field)
    {
        if (value is not StringValue text)
        {
            return null;
        }

        foreach (var allowed in field.AllowedValues)
        {
            if (string.Equals(allowed, text.Value, StringComparison.OrdinalIgnoreCase))
            {
                return new StringValue(allowed);
            }
        }

        return null;
    }

    private static string Expected(FieldDescriptor field) => field.Type switch
    {
        FieldType.String or FieldType.StringSet => "expected a string",
        FieldType.Number => "expected a number",
        FieldType.Boolean => "expected true or false",
        FieldType.Date => "expected a date \"yyyy-MM-dd\" or a duration ago such as \"P18Y\"",
        FieldType.DateTime => "expected an ISO 8601 date-time such as \"2026-01-31T09:00:00Z\" or a duration ago such as \"P30D\"",
        FieldType.Enum => $"expected one of {string.Join(", ", field.AllowedValues)}",
        _ => "expected a string, number or boolean (a string for contains/startsWith)",
    };

    private static string Describe(FieldType type) => type switch
    {
        FieldType.StringSet => "set",
        FieldType.DateTime => "date-time",
        FieldType.Dynamic => "custom attribute",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string DescribeValue(ConditionValue value) => value switch
    {
        StringValue s => $"\"{s.Value}\"",
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        BooleanValue b => b.Value ? "true" : "false",
        _ => value.ToString(),
    };

    private static string UnknownFieldMessage(string name, FieldCatalog catalog)
    {
        var message = $"unknown field '{name}' for {catalog.Entity}.";
        var suggestion = Suggestions.Closest(name, catalog.Fields.Select(f => f.Name));
        if (suggestion is not null)
        {
            return $"{message} Did you mean '{suggestion}'?";
        }

        return catalog.AllowsAttributes && name.StartsWith(FieldCatalog.AttributePrefix, StringComparison.Ordinal)
            ? $"{message} Attribute keys use letters, digits, '_' and '-', start with a letter or '_', and have at most 64 characters."
            : $"{message} Known fields: {string.Join(", ", catalog.Fields.Select(f => f.Name))}{(catalog.AllowsAttributes ? ", attributes.<name>" : "")}.";
    }
}
