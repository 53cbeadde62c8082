using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Engine.Conditions;

namespace Crm.Engine;

/// <summary>
/// Checks custom field definitions and validates customers' attributes against them; every error names the field
/// (<c>attributes.&lt;key&gt;</c>) and the rule.
/// </summary>
internal static class CustomFieldRules
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static void CheckDefinition(CustomFieldDefinition definition, ValidationErrors errors)
    {
        if (!FieldCatalog.IsSafeAttributeKey(definition.Key))
        {
            errors.Add("key", $"'{definition.Key}' is not a valid custom field key: use letters, digits, '_' and '-', start with a letter or '_', at most 64 characters.", "attributeName");
        }

        if (!Enum.IsDefined(definition.Type))
        {
            errors.Add("type", $"'{(int)definition.Type}' is not a custom field type.", "enum");
        }

        if (definition.Type == CustomFieldType.Enum && (definition.AllowedValues.Count == 0 || definition.AllowedValues.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add("allowedValues", "an enum field needs a non-empty list of non-empty values.", "enum");
        }

        if (definition.Minimum is { } min && definition.Maximum is { } max && min > max)
        {
            errors.Add("minimum", $"minimum {min} is greater than maximum {max}.", "range");
        }

        if (definition.EarliestDate is { } earliest && definition.LatestDate is { } latest && earliest > latest)
        {
            errors.Add("earliestDate", $"earliest date {earliest:yyyy-MM-dd} is after latest date {latest:yyyy-MM-dd}.", "range");
        }

        if (definition.Pattern is { } pattern)
        {
            try
            {
                _ = GetPattern(pattern);
            }
            catch (ArgumentException e)
            {
                errors.Add("pattern", $"'{pattern}' is not a valid regular expression: {e.Message}", "pattern");
            }
        }
    }

    /// <summary>Validates the attributes and returns them with enum values in canonical case.</summary>
    public static IReadOnlyDictionary<string, AttributeValue> Validate(IReadOnlyDictionary<string, AttributeValue> attributes, IReadOnlyList<CustomFieldDefinition> definitions, ValidationErrors errors)
    {
        if (definitions.Count == 0)
        {
            return attributes;
        }

        Dictionary<string, AttributeValue>? canonical = null;
        foreach (var definition in definitions)
        {
            var field = FieldCatalog.AttributePrefix + definition.Key;
            if (!attributes.TryGetValue(definition.Key, out var value) || (value.Kind == AttributeKind.String && string.IsNullOrWhiteSpace(value.AsString())))
            {
                if (definition.Required)
                {
                    errors.Add(field, $"is required for every customer (custom field '{definition.Label ?? definition.Key}').", "required");
                }

                continue;
            }

            switch (definition.Type)
            {
                case CustomFieldType.Number or CustomFieldType.Decimal:
                    if (value.Kind != AttributeKind.Number)
                    {
                        errors.Add(field, $"'{value}' is a {value.Kind}, but the field is a {definition.Type.ToString().ToLowerInvariant()}.", "type");
                        break;
                    }

                    var number = value.AsNumber();
                    if (definition.Type == CustomFieldType.Number && decimal.Truncate(number) != number)
                    {
                        errors.Add(field, $"'{number.ToString(CultureInfo.InvariantCulture)}' is not a whole number.", "integer");
                    }

                    CheckRange(errors, field, number, definition.Minimum, definition.Maximum, "min", "max");
                    break;
                case CustomFieldType.Date:
                    if (value.Kind != AttributeKind.Date)
                    {
                        errors.Add(field, $"'{value}' is a {value.Kind}, but the field is a date.", "type");
                        break;
                    }

                    var date = value.AsDate();
                    if (date < definition.EarliestDate)
                    {
                        errors.Add(field, $"'{date:yyyy-MM-dd}' is before the earliest allowed date {definition.EarliestDate:yyyy-MM-dd}.", "min");
                    }

                    if (date > definition.LatestDate)
                    {
                        errors.Add(field, $"'{date:yyyy-MM-dd}' is after the latest allowed date {definition.LatestDate:yyyy-MM-dd}.", "max");
                    }

                    break;
                case CustomFieldType.Boolean:
                    if (value.Kind != AttributeKind.Boolean)
                    {
                        errors.Add(field, $"'{value}' is a {value.Kind}, but the field is a boolean.", "type");
                    }

                    break;
                case CustomFieldType.Enum:
                    var allowed = value.Kind == AttributeKind.String
                        ? definition.AllowedValues.FirstOrDefault(a => string.Equals(a, value.AsString().Trim(), StringComparison.OrdinalIgnoreCase))
                        : null;
                    if (allowed is null)
                    {
                        errors.Add(field, $"'{value}' is not one of {string.Join(", ", definition.AllowedValues.Select(a => $"'{a}'"))}.", "enum");
                    }
                    else if (!string.Equals(allowed, value.AsString(), StringComparison.Ordinal))
                    {
                        canonical ??= new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal);
                        canonical[definition.Key] = allowed;
                    }

                    break;
                default:
                    if (value.Kind != AttributeKind.String)
                    {
                        errors.Add(field, $"'{value}' is a {value.Kind}, but the field is a string.", "type");
                        break;
                    }

                    var text = value.AsString();
                    CheckRange(errors, field, text.Length, definition.Minimum, definition.Maximum, "minLength", "maxLength", "characters");
                    if (definition.Pattern is { } pattern && !Matches(pattern, text))
                    {
                        errors.Add(field, $"'{text}' does not match the pattern '{pattern}'.", "pattern");
                    }

                    break;
            }
        }

        return canonical ?? attributes;
    }

    private static void CheckRange(ValidationErrors errors, string field, decimal value, decimal? min, decimal? max, string minRule, string maxRule, string? unit = null)
    {
        var shown = unit is null ? $"'{value.ToString(CultureInfo.InvariantCulture)}'" : $"{value.ToString(CultureInfo.InvariantCulture)} {unit}";
        if (value < min)
        {
            errors.Add(field, $"{shown} is below the minimum {min.Value.ToString(CultureInfo.InvariantCulture)}.", minRule);
        }

        if (value > max)
        {
            errors.Add(field, $"{shown} is above the maximum {max.Value.ToString(CultureInfo.InvariantCulture)}.", maxRule);
        }
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return GetPattern(pattern).IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex GetPattern(string pattern) =>
        Patterns.GetOrAdd(pattern, static p => new Regex("^(?:" + p + ")$", RegexOptions.CultureInvariant, PatternTimeout));
}
