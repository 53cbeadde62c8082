using System.Globalization;
using Crm.Engine.Conditions;

namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Translates a bound condition to a parameterized SQLite predicate with exactly the semantics of
/// <see cref="ConditionEvaluator"/>: missing fields match only <c>ne</c>, values of another type match nothing,
/// strings compare ordinally, relative dates resolve against the query's <c>AsOf</c>.
/// </summary>
/// <remarks>
/// Field names reach SQL only through the fixed templates of <see cref="SqlFieldMap"/>; attribute keys and every
/// literal travel as parameters. The tenant parameter <c>@tenant</c> is bound by the caller.
/// </remarks>
internal sealed class SqlConditionTranslator(DateTimeOffset asOf)
{
    private const double ScaledFactor = 10_000d;

    private readonly List<KeyValuePair<string, object>> _parameters = [];
    private readonly Dictionary<string, string> _attributePaths = new(StringComparer.Ordinal);
    private int _aliases;

    /// <summary>Gets the parameters the translated SQL refers to, by name (with <c>@</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    /// <summary>Translates a condition bound to the catalog that <paramref name="fields"/> maps.</summary>
    /// <param name="condition">The bound condition.</param>
    /// <param name="fields">The SQL of the catalog's fields.</param>
    /// <param name="alias">The alias of the table the fields belong to.</param>
    /// <returns>The SQL predicate.</returns>
    public string Translate(Condition condition, SqlFieldMap fields, string alias)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Node(condition, fields, alias).Sql;
    }

    private SqlPredicate Node(Condition condition, SqlFieldMap fields, string alias) => condition switch
    {
        AllCondition all => Join(all.Conditions.Select(c => Node(c, fields, alias)), " AND ", SqlPredicate.True),
        AnyCondition any => Join(any.Conditions.Select(c => Node(c, fields, alias)), " OR ", SqlPredicate.False),
        NotCondition not => Not(Node(not.Condition, fields, alias)),
        RelationCondition relation => Relation(relation, fields, alias),
        ComparisonCondition comparison => Comparison(comparison, fields, alias),
        _ => throw new ArgumentException($"Unsupported condition node '{condition.GetType().Name}'.", nameof(condition)),
    };

    private static SqlPredicate Join(IEnumerable<SqlPredicate> parts, string separator, SqlPredicate empty)
    {
        var list = parts.ToList();
        return list.Count switch
        {
            0 => empty,
            1 => list[0],
            _ => new SqlPredicate("(" + string.Join(separator, list.Select(p => p.Sql)) + ")", list.Exists(p => p.MayBeNull)),
        };
    }

    private static SqlPredicate Not(SqlPredicate inner) => inner.MayBeNull
        ? new SqlPredicate($"({inner.Sql} IS NOT 1)", false)
        : new SqlPredicate($"(NOT {inner.Sql})", false);

    private SqlPredicate Relation(RelationCondition relation, SqlFieldMap fields, string alias)
    {
        if (!fields.TryGetRelation(relation.Relation, out var target))
        {
            throw Unmapped(relation.Path, relation.Relation);
        }

        var related = "r" + (++_aliases).ToString(CultureInfo.InvariantCulture);
        var from = string.Format(CultureInfo.InvariantCulture, target.From, related);
        var customer = string.Format(CultureInfo.InvariantCulture, target.CustomerColumn, related);
        var filter = string.Format(CultureInfo.InvariantCulture, target.TenantColumn, related) + " = @tenant";
        if (relation.Where is not null)
        {
            filter += " AND " + Node(relation.Where, target.Fields, related).Sql;
        }

        // Every relation becomes (NOT) IN over an uncorrelated subquery that SQLite evaluates once and then probes or
        // drives primary-key seeks with; a correlated COUNT per customer would cost one index seek per customer of the
        // tenant (seconds at a million customers). "Some" and "none" need no grouping.
        if (relation.IsSome)
        {
            return new SqlPredicate($"({alias}.id IN (SELECT {customer} FROM {from} WHERE {filter}))", false);
        }

        if ((relation.CountOperator, relation.Count) is (ComparisonOperator.Eq, 0) or (ComparisonOperator.Lt, 1) or (ComparisonOperator.Lte, 0))
        {
            return new SqlPredicate($"({alias}.id NOT IN (SELECT {customer} FROM {from} WHERE {filter}))", false);
        }

        // The grouped subquery lists only customers with at least one related record, so a count that zero satisfies
        // (lt 5, ne 2) is written as "not among those whose count fails it". The customer columns are NOT NULL, so
        // NOT IN never meets a NULL.
        var having = $"COUNT(*) {Symbol(relation.CountOperator)} {Parameter(relation.Count)}";
        string grouped;
        if (relation.Where is null || Fields(relation.Where).All(target.CustomerIndexFields.Contains))
        {
            grouped = $"SELECT {customer} FROM {from} WHERE {filter} GROUP BY {customer} HAVING ";
        }
        else
        {
            // SQLite would group along the customer-ordered index and read every related row's table record to test
            // the filter (seconds for millions of interactions). A LIMIT keeps the filtering subquery from being
            // flattened into the grouping one, so it uses the index that suits the filter; the matches are then sorted.
            grouped = $"SELECT k FROM (SELECT {customer} AS k FROM {from} WHERE {filter} LIMIT -1) GROUP BY k HAVING ";
        }

        return ZeroSatisfies(relation.CountOperator, relation.Count)
            ? new SqlPredicate($"({alias}.id NOT IN ({grouped}NOT ({having})))", false)
            : new SqlPredicate($"({alias}.id IN ({grouped}{having}))", false);
    }

    /// <summary>Lists the fields a relation's filter reads.</summary>
    private static IEnumerable<string> Fields(Condition condition) => condition switch
    {
        AllCondition all => all.Conditions.SelectMany(Fields),
        AnyCondition any => any.Conditions.SelectMany(Fields),
        NotCondition not => Fields(not.Condition),
        ComparisonCondition comparison => [comparison.Field],
        // Anything else (a nested relation) reads more than the index holds.
        _ => ["*"],
    };

    private static bool ZeroSatisfies(ComparisonOperator op, long count) => op switch
    {
        ComparisonOperator.Eq => count == 0,
        ComparisonOperator.Ne => count != 0,
        ComparisonOperator.Gt => 0 > count,
        ComparisonOperator.Gte => 0 >= count,
        ComparisonOperator.Lt => 0 < count,
        ComparisonOperator.Lte => 0 <= count,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a count operator."),
    };

    private SqlPredicate Comparison(ComparisonCondition comparison, SqlFieldMap fields, string alias)
    {
        Func<ComparisonOperator, ConditionValue, SqlPredicate> compare;
        Func<SqlPredicate> exists;
        Func<IReadOnlyList<ConditionValue>, SqlPredicate>? setIn = null;
        if (fields.AttributesColumn is not null && FieldCatalog.IsAttributeField(comparison.Field))
        {
            var attributes = string.Format(CultureInfo.InvariantCulture, fields.AttributesColumn, alias);
            var path = AttributePath(comparison.Field[FieldCatalog.AttributePrefix.Length..]);
            compare = (op, value) => CompareAttribute(attributes, path, op, value);
            exists = () => new SqlPredicate($"(json_type({attributes}, {path}) IS NOT NULL)", false);
        }
        else if (fields.TryGetField(comparison.Field, out var lookupField) && lookupField.Lookup is { } lookup)
        {
            // Compared in the side table, where the value is never NULL; the customer is in or out of the list.
            var inTable = lookupField with { Expression = lookup.ValueColumn, Nullable = false };
            compare = (op, value) => InLookup(alias, lookup, CompareField(inTable, lookup.ValueColumn, op, value));
            exists = () => InLookup(alias, lookup, SqlPredicate.True);
        }
        else if (fields.TryGetField(comparison.Field, out var field))
        {
            var expression = string.Format(CultureInfo.InvariantCulture, field.Expression, alias);
            compare = (op, value) => CompareField(field, expression, op, value);
            exists = () => Exists(field, expression);
            if (field.Type == SqlValueType.StringSet)
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
                    : Join(items.Select(item => compare(ComparisonOperator.Eq, item)), " OR ", SqlPredicate.False);
            case ComparisonOperator.Between:
                var bounds = ((ListValue)value!).Items;
                return Join([compare(ComparisonOperator.Gte, bounds[0]), compare(ComparisonOperator.Lte, bounds[1])], " AND ", SqlPredicate.True);
            default:
                return compare(comparison.Operator, value!);
        }
    }

    private static SqlPredicate InLookup(string alias, SqlLookup lookup, SqlPredicate inTable)
    {
        if (inTable == SqlPredicate.False)
        {
            return SqlPredicate.False;
        }

        var filter = inTable == SqlPredicate.True ? "" : " AND " + inTable.Sql;
        return new SqlPredicate($"({alias}.id IN (SELECT {lookup.KeyColumn} FROM {lookup.From} WHERE {lookup.TenantColumn} = @tenant{filter}))", false);
    }

    private SqlPredicate CompareField(SqlField field, string expression, ComparisonOperator op, ConditionValue value)
    {
        switch (field.Type, value)
        {
            case (SqlValueType.Text, StringValue text):
                return CompareText(expression, op, text.Value, field.Nullable);
            case (SqlValueType.Ticks, DateTimeValue instant):
                return Ordered(expression, op, instant.Value.UtcTicks, field.Nullable);
            case (SqlValueType.Ticks, RelativeDateValue relative):
                return Ordered(expression, op, relative.Resolve(asOf).UtcTicks, field.Nullable);
            case (SqlValueType.DateText, DateValue date):
                return Ordered(expression, op, DateText(date.Value), field.Nullable);
            case (SqlValueType.DateText, RelativeDateValue relative):
                return Ordered(expression, op, DateText(DateOnly.FromDateTime(relative.Resolve(asOf).UtcDateTime)), field.Nullable);
            case (SqlValueType.Scaled, NumberValue number):
                return CompareScaled(expression, op, number.Value, scale: 4, field.Nullable);
            case (SqlValueType.Count, NumberValue number):
                return CompareScaled(expression, op, number.Value, scale: 0, field.Nullable);
            case (SqlValueType.AverageOrderValue, NumberValue number):
                return CompareAverage(expression, op, number.Value);
            case (SqlValueType.StringSet, StringValue element) when op == ComparisonOperator.Contains:
                return new SqlPredicate($"(EXISTS (SELECT 1 FROM json_each({expression}) je WHERE je.value = {Parameter(element.Value)}))", false);
            default:
                // The evaluator's rule: a value of another type, or an operator the type lacks, matches nothing.
                return SqlPredicate.False;
        }
    }

    private SqlPredicate CompareText(string expression, ComparisonOperator op, string value, bool nullable)
    {
        var parameter = Parameter(value);
        return op switch
        {
            // instr and substr work on characters and compare bytes, unlike LIKE, which ignores ASCII case.
            ComparisonOperator.Contains => new SqlPredicate($"(instr({expression}, {parameter}) > 0)", nullable),
            ComparisonOperator.StartsWith => new SqlPredicate($"(substr({expression}, 1, length({parameter})) = {parameter})", nullable),
            _ when IsOrdered(op) => new SqlPredicate($"({expression} {Symbol(op)} {parameter})", nullable),
            _ => SqlPredicate.False,
        };
    }

    private SqlPredicate Ordered(string expression, ComparisonOperator op, object value, bool nullable) =>
        IsOrdered(op) ? new SqlPredicate($"({expression} {Symbol(op)} {Parameter(value)})", nullable) : SqlPredicate.False;

    /// <summary>Compares an integer column holding value × 10^scale with a decimal literal, exactly.</summary>
    private SqlPredicate CompareScaled(string expression, ComparisonOperator op, decimal literal, int scale, bool nullable)
    {
        if (!IsOrdered(op))
        {
            return SqlPredicate.False;
        }

        var present = nullable ? new SqlPredicate($"({expression} IS NOT NULL)", false) : SqlPredicate.True;
        decimal scaled;
        try
        {
            scaled = scale == 0 ? literal : literal * 10_000m;
        }
        catch (OverflowException)
        {
            scaled = literal > 0 ? decimal.MaxValue : decimal.MinValue;
        }

        if (scaled > long.MaxValue)
        {
            return op is ComparisonOperator.Lt or ComparisonOperator.Lte ? present : SqlPredicate.False;
        }

        if (scaled < long.MinValue)
        {
            return op is ComparisonOperator.Gt or ComparisonOperator.Gte ? present : SqlPredicate.False;
        }

        if (decimal.Truncate(scaled) == scaled)
        {
            return Ordered(expression, op, (long)scaled, nullable);
        }

        // The column holds integers, so a literal between two of them is never equal and orders like its floor or ceiling.
        var floor = (long)decimal.Floor(scaled);
        var ceiling = (long)decimal.Ceiling(scaled);
        return op switch
        {
            ComparisonOperator.Gt => Ordered(expression, ComparisonOperator.Gt, floor, nullable),
            ComparisonOperator.Gte => Ordered(expression, ComparisonOperator.Gte, ceiling, nullable),
            ComparisonOperator.Lt => Ordered(expression, ComparisonOperator.Lt, ceiling, nullable),
            ComparisonOperator.Lte => Ordered(expression, ComparisonOperator.Lte, floor, nullable),
            _ => SqlPredicate.False,
        };
    }

    /// <summary>
    /// Compares total / count with a literal as total × 10^k op count × m, where the scaled literal is m / 10^k,
    /// so no division rounds; missing (no purchases) matches nothing.
    /// </summary>
    private SqlPredicate CompareAverage(string purchasesOfCustomer, ComparisonOperator op, decimal literal)
    {
        if (!IsOrdered(op))
        {
            return SqlPredicate.False;
        }

        string comparison;
        if (TryRational(literal, out var numerator, out var denominator))
        {
            var left = denominator == 1 ? "SUM(ap.total)" : $"SUM(ap.total) * {Parameter(denominator)}";
            comparison = $"{left} {Symbol(op)} COUNT(*) * {Parameter(numerator)}";
        }
        else
        {
            comparison = $"SUM(ap.total) {Symbol(op)} COUNT(*) * {Parameter((double)literal * ScaledFactor)}";
        }

        // Grouping by the customer yields no group, so no row, for a customer without purchases: the missing value.
        return new SqlPredicate($"(EXISTS (SELECT 1 {purchasesOfCustomer} GROUP BY ap.customer_id HAVING {comparison}))", false);
    }

    private static bool TryRational(decimal literal, out long numerator, out long denominator)
    {
        numerator = 0;
        denominator = 1;
        try
        {
            var scaled = literal * 10_000m;
            while (decimal.Truncate(scaled) != scaled)
            {
                if (denominator > long.MaxValue / 10)
                {
                    return false;
                }

                scaled *= 10;
                denominator *= 10;
            }

            if (scaled is > long.MaxValue or < long.MinValue)
            {
                return false;
            }

            numerator = (long)scaled;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private SqlPredicate CompareAttribute(string attributes, string path, ComparisonOperator op, ConditionValue value)
    {
        var extracted = $"json_extract({attributes}, {path})";
        switch (value)
        {
            case StringValue text:
                var predicate = CompareText(extracted, op, text.Value, nullable: true);
                return predicate == SqlPredicate.False
                    ? predicate
                    : new SqlPredicate($"(json_type({attributes}, {path}) = 'text' AND {predicate.Sql})", true);
            case NumberValue number when IsOrdered(op):
                // Attribute numbers are JSON numbers; json_extract yields INTEGER or REAL, so bind the literal as one.
                object parameter = decimal.Truncate(number.Value) == number.Value && number.Value is >= long.MinValue and <= long.MaxValue
                    ? (long)number.Value
                    : (double)number.Value;
                return new SqlPredicate($"(json_type({attributes}, {path}) IN ('integer', 'real') AND {extracted} {Symbol(op)} {Parameter(parameter)})", true);
            case BooleanValue flag when IsOrdered(op):
                return new SqlPredicate($"(json_type({attributes}, {path}) IN ('true', 'false') AND {extracted} {Symbol(op)} {Parameter(flag.Value ? 1L : 0L)})", true);
            default:
                return SqlPredicate.False;
        }
    }

    private static SqlPredicate Exists(SqlField field, string expression) => field.Type switch
    {
        SqlValueType.StringSet => new SqlPredicate($"(json_array_length({expression}) > 0)", false),
        SqlValueType.AverageOrderValue => new SqlPredicate($"(EXISTS (SELECT 1 {expression}))", false),
        _ => field.Nullable ? new SqlPredicate($"({expression} IS NOT NULL)", false) : SqlPredicate.True,
    };

    private SqlPredicate SetIn(string expression, IReadOnlyList<ConditionValue> items)
    {
        var parameters = items.OfType<StringValue>().Select(s => Parameter(s.Value)).ToList();
        return parameters.Count == 0
            ? SqlPredicate.False
            : new SqlPredicate($"(EXISTS (SELECT 1 FROM json_each({expression}) je WHERE je.value IN ({string.Join(", ", parameters)})))", false);
    }

    private string AttributePath(string key)
    {
        // The key passed FieldCatalog.IsAttributeField (letters, digits, '_', '-'), so quoting it cannot break the
        // path; the path itself is still a parameter, never SQL text.
        if (!_attributePaths.TryGetValue(key, out var parameter))
        {
            parameter = Parameter("$.\"" + key + "\"");
            _attributePaths[key] = parameter;
        }

        return parameter;
    }

    private string Parameter(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new KeyValuePair<string, object>(name, value));
        return name;
    }

    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
        new(path, $"'{name}' is not supported by the SQLite provider's field map; bind the condition to the repository's catalog first.");
}
