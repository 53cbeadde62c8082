using System.Text;
using System.Text.Json;
using Crm.Engine.Json;

namespace Crm.Engine.Conditions;

/// <summary>
/// Reads conditions from JSON, reporting every problem with its JSON path, line and column.
/// </summary>
/// <remarks>
/// The grammar (see <c>schemas/condition.schema.json</c>):
/// <c>{"all": [c...]}</c>, <c>{"any": [c...]}</c>, <c>{"not": c}</c>,
/// <c>{"field": f, "op": o, "value": v}</c>,
/// <c>{"some": relation, "where": c}</c>, <c>{"count": relation, "where": c, "op": o, "value": n}</c>.
/// </remarks>
public static class ConditionParser
{
    /// <summary>The deepest nesting accepted, which bounds the work hostile input can cause.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most items a list value may hold.</summary>
    public const int MaxListItems = 1_000;

    /// <summary>Parses a condition and binds it to a catalog, checking field names, operators and value types.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="catalog">The fields the condition may name.</param>
    /// <param name="source">The file or source name for error messages, or <see langword="null"/>.</param>
    /// <returns>The bound condition.</returns>
    /// <exception cref="CrmValidationException">The JSON is malformed or the condition is invalid; every problem is listed.</exception>
    public static Condition Parse(string json, FieldCatalog catalog, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(catalog);
        var utf8 = Encoding.UTF8.GetBytes(json);
        JsonPositionMap positions;
        JsonDocument document;
        try
        {
            positions = JsonPositionMap.Build(utf8);
            document = JsonDocument.Parse(utf8, JsonPositionMap.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new CrmValidationException([JsonPositionMap.FromSyntaxError(e, source)]);
        }

        using (document)
        {
            return Parse(document.RootElement, JsonPath.Root, catalog, positions, source);
        }
    }

    /// <summary>
    /// Parses and binds a condition embedded in a larger document (a workflow guard, a segment definition).
    /// </summary>
    /// <param name="element">The condition's JSON element.</param>
    /// <param name="path">The element's JSON path in the document, used in errors.</param>
    /// <param name="catalog">The fields the condition may name.</param>
    /// <param name="positions">The document's position map, or <see langword="null"/>.</param>
    /// <param name="source">The file or source name, or <see langword="null"/>.</param>
    /// <returns>The bound condition.</returns>
    /// <exception cref="CrmValidationException">The condition is invalid; every problem is listed.</exception>
    public static Condition Parse(JsonElement element, string path, FieldCatalog catalog, JsonPositionMap? positions = null, string? source = null)
    {
        var errors = new List<ValidationError>();
        var condition = TryParse(element, path, catalog, errors);
        if (errors.Count > 0 || condition is null)
        {
            var map = positions ?? JsonPositionMap.Empty;
            throw new CrmValidationException(errors.ConvertAll(e => map.Locate(e, source)));
        }

        return condition;
    }

    /// <summary>
    /// Parses and binds a condition, adding problems to <paramref name="errors"/> instead of throwing, so callers that
    /// validate whole documents can report everything at once.
    /// </summary>
    /// <param name="element">The condition's JSON element.</param>
    /// <param name="path">The element's JSON path.</param>
    /// <param name="catalog">The fields the condition may name.</param>
    /// <param name="errors">Receives the problems found, without positions.</param>
    /// <returns>The bound condition, or <see langword="null"/> when there were errors.</returns>
    public static Condition? TryParse(JsonElement element, string path, FieldCatalog catalog, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var condition = ParseNode(element, path, 0, errors);

        // Bind what parsed even after syntax-level errors, so unknown fields elsewhere are reported in the same pass.
        var bound = condition is null ? null : ConditionBinder.TryBind(condition, catalog, errors);
        return errors.Count > before ? null : bound;
    }

    private static Condition? ParseNode(JsonElement element, string path, int depth, List<ValidationError> errors)
    {
        if (depth > MaxDepth)
        {
            errors.Add(Error(path, $"conditions may nest at most {MaxDepth} levels deep.", "depth"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(path, $"expected a condition object such as {{\"field\": ..., \"op\": ..., \"value\": ...}}, found {Describe(element)}.", "type"));
            return null;
        }

        string? kind = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is "all" or "any" or "not" or "field" or "some" or "count")
            {
                if (kind is not null)
                {
                    errors.Add(Error(JsonPath.Property(path, property.Name), $"a condition has exactly one of 'all', 'any', 'not', 'field', 'some', 'count'; this one also has '{kind}'.", "shape"));
                    return null;
                }

                kind = property.Name;
            }
        }

        if (kind is null)
        {
            errors.Add(Error(path, "a condition needs one of 'all', 'any', 'not', 'field', 'some' or 'count'.", "shape"));
            return null;
        }

        Condition? result = kind switch
        {
            "all" or "any" => ParseGroup(element, path, kind, depth, errors),
            "not" => ParseNot(element, path, depth, errors),
            "field" => ParseComparison(element, path, errors),
            _ => ParseRelation(element, path, kind, depth, errors),
        };
        return result is null ? null : result with { Path = path };
    }

    private static Condition? ParseGroup(JsonElement element, string path, string kind, int depth, List<ValidationError> errors)
    {
        CheckProperties(element, path, errors, kind);
        var itemsPath = JsonPath.Property(path, kind);
        var items = element.GetProperty(kind);
        if (items.ValueKind != JsonValueKind.Array)
        {
            errors.Add(Error(itemsPath, $"'{kind}' takes an array of conditions, found {Describe(items)}.", "type"));
            return null;
        }

        var children = new List<Condition>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var child = ParseNode(item, JsonPath.Index(itemsPath, index++), depth + 1, errors);
            if (child is not null)
            {
                children.Add(child);
            }
        }

        return kind == "all" ? new AllCondition(children) : new AnyCondition(children);
    }

    private static NotCondition? ParseNot(JsonElement element, string path, int depth, List<ValidationError> errors)
    {
        CheckProperties(element, path, errors, "not");
        var child = ParseNode(element.GetProperty("not"), JsonPath.Property(path, "not"), depth + 1, errors);
        return child is null ? null : new NotCondition(child);
    }

    private static Condition? ParseComparison(JsonElement element, string path, List<ValidationError> errors)
    {
        CheckProperties(element, path, errors, "field", "op", "value");
        var field = ReadString(element, path, "field", errors);
        var op = ReadOperator(element, path, errors);
        if (field is null || op is null)
        {
            return null;
        }

        ConditionValue? value = null;
        if (element.TryGetProperty("value", out var valueElement))
        {
            value = ReadValue(valueElement, JsonPath.Property(path, "value"), errors, allowList: true);
            if (value is null)
            {
                return null;
            }
        }

        if (op == ComparisonOperator.Exists)
        {
            if (value is not null and not BooleanValue)
            {
                errors.Add(Error(JsonPath.Property(path, "value"), "'exists' takes no value, or true/false.", "value"));
                return null;
            }

            var exists = new ComparisonCondition(field, ComparisonOperator.Exists, null) { Path = path };
            return value is BooleanValue { Value: false } ? new NotCondition(exists) : exists;
        }

        if (value is null)
        {
            errors.Add(Error(path, $"operator '{OperatorName(op.Value)}' needs a 'value'.", "value"));
            return null;
        }

        return new ComparisonCondition(field, op.Value, value);
    }

    private static RelationCondition? ParseRelation(JsonElement element, string path, string kind, int depth, List<ValidationError> errors)
    {
        if (kind == "some")
        {
            CheckProperties(element, path, errors, "some", "where");
        }
        else
        {
            CheckProperties(element, path, errors, "count", "where", "op", "value");
        }

        var relation = ReadString(element, path, kind, errors);
        Condition? where = null;
        if (element.TryGetProperty("where", out var whereElement))
        {
            where = ParseNode(whereElement, JsonPath.Property(path, "where"), depth + 1, errors);
            if (where is null)
            {
                return null;
            }
        }

        if (relation is null)
        {
            return null;
        }

        if (kind == "some")
        {
            return new RelationCondition(relation, where, ComparisonOperator.Gte, 1);
        }

        var op = ReadOperator(element, path, errors);
        if (op is null)
        {
            return null;
        }

        if (op > ComparisonOperator.Lte)
        {
            errors.Add(Error(JsonPath.Property(path, "op"), $"a count compares with eq, ne, gt, gte, lt or lte, not '{OperatorName(op.Value)}'.", "operator"));
            return null;
        }

        var valuePath = JsonPath.Property(path, "value");
        if (!element.TryGetProperty("value", out var countElement) || countElement.ValueKind != JsonValueKind.Number
            || !countElement.TryGetInt64(out var count) || count < 0)
        {
            errors.Add(Error(valuePath, "a count needs a whole, non-negative 'value'.", "value"));
            return null;
        }

        return new RelationCondition(relation, where, op.Value, count);
    }

    private static ComparisonOperator? ReadOperator(JsonElement element, string path, List<ValidationError> errors)
    {
        var text = ReadString(element, path, "op", errors);
        if (text is null)
        {
            return null;
        }

        var op = ParseOperator(text);
        if (op is null)
        {
            errors.Add(Error(JsonPath.Property(path, "op"), $"unknown operator '{text}'. Use one of: eq, ne, gt, gte, lt, lte, in, contains, startsWith, exists, between.", "operator"));
        }

        return op;
    }

    /// <summary>Reads an operator name (<c>gte</c>) or symbol (<c>&gt;=</c>).</summary>
    /// <param name="text">The name or symbol.</param>
    /// <returns>The operator, or <see langword="null"/> when unknown.</returns>
    public static ComparisonOperator? ParseOperator(string text) => text switch
    {
        "eq" or "==" or "=" => ComparisonOperator.Eq,
        "ne" or "!=" or "<>" => ComparisonOperator.Ne,
        "gt" or ">" => ComparisonOperator.Gt,
        "gte" or ">=" => ComparisonOperator.Gte,
        "lt" or "<" => ComparisonOperator.Lt,
        "lte" or "<=" => ComparisonOperator.Lte,
        "in" => ComparisonOperator.In,
        "contains" => ComparisonOperator.Contains,
        "startsWith" => ComparisonOperator.StartsWith,
        "exists" => ComparisonOperator.Exists,
        "between" => ComparisonOperator.Between,
        _ => null,
    };

    /// <summary>Gets the JSON name of an operator.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The name, such as <c>startsWith</c>.</returns>
    public static string OperatorName(ComparisonOperator op) => op switch
    {
        ComparisonOperator.StartsWith => "startsWith",
        _ => op.ToString().ToLowerInvariant(),
    };

    private static ConditionValue? ReadValue(JsonElement element, string path, List<ValidationError> errors, bool allowList)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new StringValue(element.GetString()!);
            case JsonValueKind.True:
            case JsonValueKind.False:
                return new BooleanValue(element.GetBoolean());
            case JsonValueKind.Number:
                if (element.TryGetDecimal(out var number))
                {
                    return new NumberValue(number);
                }

                errors.Add(Error(path, $"the number {element.GetRawText()} is out of range.", "value"));
                return null;
            case JsonValueKind.Array when allowList:
                var items = new List<ConditionValue>();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index >= MaxListItems)
                    {
                        errors.Add(Error(path, $"a list may hold at most {MaxListItems} values.", "value"));
                        return null;
                    }

                    var value = ReadValue(item, JsonPath.Index(path, index++), errors, allowList: false);
                    if (value is null)
                    {
                        return null;
                    }

                    items.Add(value);
                }

                return new ListValue(items);
            case JsonValueKind.Null:
                errors.Add(Error(path, "null is not a value; use {\"op\": \"exists\", \"value\": false} to match a missing field.", "value"));
                return null;
            default:
                errors.Add(Error(path, $"expected a string, number, boolean{(allowList ? " or list" : "")}, found {Describe(element)}.", "value"));
                return null;
        }
    }

    private static string? ReadString(JsonElement element, string path, string name, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            errors.Add(Error(path, $"missing '{name}'.", "required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(Error(JsonPath.Property(path, name), $"'{name}' must be a non-empty string, found {Describe(value)}.", "type"));
            return null;
        }

        return value.GetString();
    }

    private static void CheckProperties(JsonElement element, string path, List<ValidationError> errors, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                errors.Add(Error(JsonPath.Property(path, property.Name), $"unknown property '{property.Name}'; this condition takes {string.Join(", ", allowed.Select(a => $"'{a}'"))}.", "unknownProperty"));
            }
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };

    private static ValidationError Error(string path, string message, string rule) => new(path, message) { Rule = rule };
}
