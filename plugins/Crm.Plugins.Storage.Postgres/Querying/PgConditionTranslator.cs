using System.Globalization;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>
/// Translates a bound condition to a parameterized PostgreSQL predicate with exactly the semantics of
/// <see cref="ConditionEvaluator"/>: missing fields match only <c>ne</c>, values of another type match nothing,
/// strings compare ordinally (<c>COLLATE "C"</c>), relative dates resolve against the query's <c>AsOf</c>.
/// </summary>
/// <remarks>
/// Field names reach SQL only through the fixed templates of <see cref="PgFieldMap"/>; attribute keys and every
/// literal travel as typed parameters. The tenant parameter <c>@tenant</c> is bound by the caller.
/// </remarks>
internal sealed class PgConditionTranslator(DateTimeOffset asOf)
{
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly Dictionary<string, string> _attributeKeys = new(StringComparer.Ordinal);
    private int _aliases;

    /// <summary>Gets the parameters the translated SQL refers to.</summary>
    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>Translates a condition bound to the catalog that <paramref name="fields"/> maps.</summary>
    /// <param name="condition">The bound condition.</param>
    /// <param name="fields">The SQL of the catalog's fields.</param>
    /// <param name="alias">The alias of the table the fields belong to.</param>
    /// <returns>The SQL predicate.</returns>
    public string Translate(Condition condition, PgFieldMap fields, string alias)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Node(condition, fields, alias).Sql;
    }

    private PgPredicate Node(Condition condition, PgFieldMap fields, string alias) => condition switch
    {
        AllCondition all => Join(all.Conditions.Select(c => Node(c, fields, alias)), " AND ", PgPredicate.True),
        AnyCondition any => Join(any.Conditions.Select(c => Node(c, fields, alias)), " OR ", PgPredicate.False),
        NotCondition not => Not(Node(not.Condition, fields, alias)),
        RelationCondition relation => Relation(relation, fields, alias),
        ComparisonCondition comparison => Comparison(comparison, fields, alias),
        _ => throw new ArgumentException($"Unsupported condition node '{condition.GetType().Name}'.", nameof(condition)),
    };

    private static PgPredicate Join(IEnumerable<PgPredicate> parts, string separator, PgPredicate empty)
    {
        var list = parts.ToList();
        return list.Count switch
        {
            0 => empty,
            1 => list[0],
            _ => new PgPredicate("(" + string.Join(separator, list.Select(p => p.Sql)) + ")", list.Exists(p => p.MayBeNull)),
        };
    }

    private static PgPredicate Not(PgPredicate inner) => inner.MayBeNull
        ? new PgPredicate($"({inner.Sql} IS NOT TRUE)", false)
        : new PgPredicate($"(NOT {inner.Sql})", false);

    private PgPredicate Relation(RelationCondition relation, PgFieldMap fields, string alias)
    {
        if (!fields.TryGetRelation(relation.Relation, out var target))
        {
            throw Unmapped(relation.Path, relation.Relation);
        }

        var related = "r" + (++_aliases).ToString(CultureInfo.InvariantCulture);
        var from = string.Format(CultureInfo.InvariantCulture, target.From, related);
        var customer = string.Format(CultureInfo.InvariantCulture, target.CustomerColumn, related);
        var filter = string.Format(CultureInfo.InvariantCulture, target.TenantColumn, related) + " = @tenant AND " + customer + " = " + alias + ".id";
        if (relation.Where is not null)
        {
            filter += " AND " + Node(relation.Where, target.Fields, related).Sql;
        }

        // "Some" and "none" become (NOT) EXISTS, which PostgreSQL plans as a semi- or anti-join; other counts need
        // a correlated COUNT per record.
        if (relation.IsSome)
        {
            return new PgPredicate($"(EXISTS (SELECT 1 FROM {from} WHERE {filter}))", false);
        }

        if ((relation.CountOperator, relation.Count) is (ComparisonOperator.Eq, 0) or (ComparisonOperator.Lt, 1) or (ComparisonOperator.Lte, 0))
        {
            return new PgPredicate($"(NOT EXISTS (SELECT 1 FROM {from} WHERE {filter}))", false);
        }

        var count = Parameter((long)relation.Count, NpgsqlDbType.Bigint);
        return new PgPredicate($"((SELECT COUNT(*) FROM {from} WHERE {filter}) {Symbol(relation.CountOperator)} {count})", false);
    }

    private PgPredicate Comparison(ComparisonCondition comparison, PgFieldMap fields, string alias)
    {
        Func<ComparisonOperator, ConditionValue, PgPredicate> compare;
        Func<PgPredicate> exists;
        Func<IReadOnlyList<ConditionValue>, PgPredicate>? setIn = null;
        if (fields.AttributesColumn is not null && FieldCatalog.IsAttributeField(comparison.Field))
        {
            var attributes = string.Format(CultureInfo.InvariantCulture, fields.AttributesColumn, alias);
            var key = comparison.Field[FieldCatalog.AttributePrefix.Length..];
            var keyParameter = AttributeKey(key);
            compare = (op, value) => CompareAttribute(attributes, key, keyParameter, op, value);
            exists = () => new PgPredicate($"(({attributes} -> {keyParameter}) IS NOT NULL)", false);
        }
        else if (fields.TryGetField(comparison.Field, out var field))
        {
            var expression = string.Format(CultureInfo.InvariantCulture, field.Expression, alias);
            var tick = field.Tick is null ? null : string.Format(CultureInfo.InvariantCulture, field.Tick, alias);
            compare = (op, value) => CompareField(field, expression, tick, op, value);
            exists = () => Exists(field, expression);
            if (field.Type == PgValueType.StringSet)
            {
                setIn = items => SetIn(expression, items);
            }
        }
        else
        {
            throw Unmapped(comparison.Path, comparison.Field);
        }

        var value = comparison.Value;
        switch (comparison.Operator)
        {
            case ComparisonOperator.Exists:
                return exists();
            case ComparisonOperator.Ne:
                return Not(compare(ComparisonOperator.Eq, value!));
            case ComparisonOperator.In:
                var items = ((ListValue)value!).Items;
                return setIn is not null
                    ? setIn(items)
                    : Join(items.Select(item => compare(ComparisonOperator.Eq, item)), " OR ", PgPredicate.False);
            case ComparisonOperator.Between:
                var bounds = ((ListValue)value!).Items;
                return Join([compare(ComparisonOperator.Gte, bounds[0]), compare(ComparisonOperator.Lte, bounds[1])], " AND ", PgPredicate.True);
            default:
                return compare(comparison.Operator, value!);
        }
    }

    private PgPredicate CompareField(PgField field, string expression, string? tick, ComparisonOperator op, ConditionValue value)
    {
        switch (field.Type, value)
        {
            case (PgValueType.Text, StringValue text):
                return CompareText(expression, op, text.Value, field.Nullable);
            case (PgValueType.Instant, DateTimeValue instant):
                return CompareInstant(expression, tick, op, instant.Value, field.Nullable);
            case (PgValueType.Instant, RelativeDateValue relative):
                return CompareInstant(expression, tick, op, relative.Resolve(asOf), field.Nullable);
            case (PgValueType.Date, DateValue date):
                return Ordered(expression, op, Parameter(date.Value, NpgsqlDbType.Date), field.Nullable);
            case (PgValueType.Date, RelativeDateValue relative):
                return Ordered(expression, op, Parameter(DateOnly.FromDateTime(relative.Resolve(asOf).UtcDateTime), NpgsqlDbType.Date), field.Nullable);
            case (PgValueType.Number, NumberValue number):
                return Ordered(expression, op, Parameter(number.Value, NpgsqlDbType.Numeric), field.Nullable);
            case (PgValueType.AverageOrderValue, NumberValue number):
                return CompareAverage(expression, op, number.Value);
            case (PgValueType.StringSet, StringValue element) when op == ComparisonOperator.Contains:
                return new PgPredicate($"({expression} @> ARRAY[{Parameter(element.Value, NpgsqlDbType.Text)}])", false);
            default:
                // The evaluator's rule: a value of another type, or an operator the type lacks, matches nothing.
                return PgPredicate.False;
        }
    }

    private PgPredicate CompareText(string expression, ComparisonOperator op, string value, bool nullable)
    {
        var parameter = Parameter(value, NpgsqlDbType.Text);
        return op switch
        {
            // strpos and starts_with compare characters exactly, with none of LIKE's wildcards or escapes.
            ComparisonOperator.Contains => new PgPredicate($"(strpos({expression}, {parameter}) > 0)", nullable),
            ComparisonOperator.StartsWith => new PgPredicate($"starts_with({expression}, {parameter})", nullable),
            _ when IsOrdered(op) => new PgPredicate($"({expression} {Symbol(op)} {parameter} COLLATE \"C\")", nullable),
            _ => PgPredicate.False,
        };
    }

    private PgPredicate CompareInstant(string expression, string? tick, ComparisonOperator op, DateTimeOffset value, bool nullable)
    {
        if (!IsOrdered(op))
        {
            return PgPredicate.False;
        }

        var split = PgInstant.From(value);
        var micros = Parameter(split.Micros, NpgsqlDbType.TimestampTz);
        if (tick is null)
        {
            return new PgPredicate($"({expression} {Symbol(op)} {micros})", nullable);
        }

        // A row comparison orders by microseconds, then by the 100 ns remainder: the full .NET precision, and still
        // a range an index on (column, tick) serves.
        var remainder = Parameter(split.Remainder, NpgsqlDbType.Smallint);
        return new PgPredicate($"(({expression}, {tick}) {Symbol(op)} ({micros}, {remainder}))", nullable);
    }

    private static PgPredicate Ordered(string expression, ComparisonOperator op, string parameter, bool nullable) =>
        IsOrdered(op) ? new PgPredicate($"({expression} {Symbol(op)} {parameter})", nullable) : PgPredicate.False;

    /// <summary>
    /// Compares total / count with a literal as total op count × literal in numeric, so no division rounds;
    /// missing (no purchases) matches nothing.
    /// </summary>
    private PgPredicate CompareAverage(string purchasesOfCustomer, ComparisonOperator op, decimal literal)
    {
        if (!IsOrdered(op))
        {
            return PgPredicate.False;
        }

        var parameter = Parameter(literal, NpgsqlDbType.Numeric);

        // Grouping by the customer yields no group, so no row, for a customer without purchases: the missing value.
        return new PgPredicate($"(EXISTS (SELECT 1 {purchasesOfCustomer} GROUP BY ap.customer_id HAVING SUM(ap.total) {Symbol(op)} COUNT(*) * {parameter}))", false);
    }

    private PgPredicate CompareAttribute(string attributes, string key, string keyParameter, ComparisonOperator op, ConditionValue value)
    {
        var element = $"({attributes} -> {keyParameter})";
        var text = $"({attributes} ->> {keyParameter})";
        (string JsonType, object Literal, string Cast, NpgsqlDbType Type)? typed = value switch
        {
            StringValue s => ("string", s.Value, "", NpgsqlDbType.Text),
            NumberValue n => ("number", n.Value, "::numeric", NpgsqlDbType.Numeric),
            BooleanValue b => ("boolean", b.Value, "::boolean", NpgsqlDbType.Boolean),
            _ => null,
        };

        if (typed is not { } t)
        {
            return PgPredicate.False;
        }

        if (op == ComparisonOperator.Eq)
        {
            // Containment of {"key": literal} is type-exact (a number never equals a string) and served by the
            // jsonb_path_ops GIN index ix_customers_attributes. The literal is a jsonb parameter, never SQL text.
            var json = Parameter(JsonColumns.Containment(key, t.Literal), NpgsqlDbType.Jsonb);
            return new PgPredicate($"({attributes} @> {json})", false);
        }

        string comparison;
        if (t.JsonType == "string" && op is ComparisonOperator.Contains or ComparisonOperator.StartsWith)
        {
            var parameter = Parameter(t.Literal, t.Type);
            comparison = op == ComparisonOperator.Contains ? $"strpos({text}, {parameter}) > 0" : $"starts_with({text}, {parameter})";
        }
        else if (IsOrdered(op))
        {
            var parameter = Parameter(t.Literal, t.Type);
            var collate = t.JsonType == "string" ? " COLLATE \"C\"" : "";
            comparison = $"{text}{t.Cast} {Symbol(op)} {parameter}{collate}";
        }
        else
        {
            return PgPredicate.False;
        }

        // CASE guarantees the cast runs only on values of the right JSON type; AND gives no evaluation order.
        return new PgPredicate($"(CASE WHEN jsonb_typeof({element}) = '{t.JsonType}' THEN {comparison} END)", true);
    }

    private static PgPredicate Exists(PgField field, string expression) => field.Type switch
    {
        PgValueType.StringSet => new PgPredicate($"(cardinality({expression}) > 0)", false),
        PgValueType.AverageOrderValue => new PgPredicate($"(EXISTS (SELECT 1 {expression}))", false),
        _ => field.Nullable ? new PgPredicate($"({expression} IS NOT NULL)", false) : PgPredicate.True,
    };

    private PgPredicate SetIn(string expression, IReadOnlyList<ConditionValue> items)
    {
        var values = items.OfType<StringValue>().Select(s => s.Value).ToArray();
        return values.Length == 0
            ? PgPredicate.False
            : new PgPredicate($"({expression} && {Parameter(values, NpgsqlDbType.Array | NpgsqlDbType.Text)})", false);
    }

    private string AttributeKey(string key)
    {
        if (!_attributeKeys.TryGetValue(key, out var parameter))
        {
            parameter = Parameter(key, NpgsqlDbType.Text);
            _attributeKeys[key] = parameter;
        }

        return parameter;
    }

    private string Parameter(object value, NpgsqlDbType type)
    {
        var name = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }

    private static bool IsOrdered(ComparisonOperator op) => op is ComparisonOperator.Eq or ComparisonOperator.Gt
        or ComparisonOperator.Gte or ComparisonOperator.Lt or ComparisonOperator.Lte or ComparisonOperator.Ne;

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => "=",
        ComparisonOperator.Ne => "<>",
        ComparisonOperator.Gt => ">",
        ComparisonOperator.Gte => ">=",
        ComparisonOperator.Lt => "<",
        ComparisonOperator.Lte => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not an ordering operator."),
    };

    private static CrmValidationException Unmapped(string path, string name) =>
        new(path, $"'{name}' is not supported by the PostgreSQL provider's field map; bind the condition to the repository's catalog first.");
}
