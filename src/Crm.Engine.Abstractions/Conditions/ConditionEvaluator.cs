namespace Crm.Engine.Conditions;

/// <summary>
/// Compiles conditions to in-memory predicates with the same semantics storage providers give them in SQL.
/// </summary>
public static class ConditionEvaluator
{
    /// <summary>Binds and compiles a condition.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="catalog">The fields it may name.</param>
    /// <returns>The compiled predicate.</returns>
    /// <exception cref="CrmValidationException">The condition does not bind to the catalog.</exception>
    public static CompiledCondition Compile(Condition condition, FieldCatalog catalog)
    {
        var bound = ConditionBinder.Bind(condition, catalog);
        return new CompiledCondition(bound, Build(bound));
    }

    private static Func<IConditionTarget, DateTimeOffset, bool> Build(Condition condition)
    {
        switch (condition)
        {
            case AllCondition all:
                var allParts = all.Conditions.Select(Build).ToArray();
                return (t, now) =>
                {
                    foreach (var part in allParts)
                    {
                        if (!part(t, now))
                        {
                            return false;
                        }
                    }

                    return true;
                };
            case AnyCondition any:
                var anyParts = any.Conditions.Select(Build).ToArray();
                return (t, now) =>
                {
                    foreach (var part in anyParts)
                    {
                        if (part(t, now))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            case NotCondition not:
                var inner = Build(not.Condition);
                return (t, now) => !inner(t, now);
            case RelationCondition relation:
                var where = relation.Where is null ? null : Build(relation.Where);
                return (t, now) =>
                {
                    long count = 0;
                    foreach (var related in t.GetRelated(relation.Relation))
                    {
                        if (where is null || where(related, now))
                        {
                            count++;
                        }
                    }

                    return Ordered(count.CompareTo(relation.Count), relation.CountOperator);
                };
            case ComparisonCondition comparison:
                return BuildComparison(comparison);
            default:
                throw new ArgumentException($"Unsupported condition node '{condition.GetType().Name}'.", nameof(condition));
        }
    }

    private static Func<IConditionTarget, DateTimeOffset, bool> BuildComparison(ComparisonCondition comparison)
    {
        var field = comparison.Field;
        var value = comparison.Value;
        switch (comparison.Operator)
        {
            case ComparisonOperator.Exists:
                return (t, _) => t.GetValue(field) is { Kind: not FieldValueKind.Missing } v
                    && (v.Kind != FieldValueKind.StringSet || v.Set.Count > 0);
            case ComparisonOperator.Ne:
                // ne is exactly "not eq": a missing field or a value of another type is not equal.
                return (t, now) => !Compare(t.GetValue(field), ComparisonOperator.Eq, value!, now);
            case ComparisonOperator.In:
                var items = ((ListValue)value!).Items;
                return (t, now) =>
                {
                    var actual = t.GetValue(field);
                    if (actual.Kind == FieldValueKind.StringSet)
                    {
                        return items.Any(i => i is StringValue s && actual.Set.Contains(s.Value));
                    }

                    foreach (var item in items)
                    {
                        if (Compare(actual, ComparisonOperator.Eq, item, now))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            case ComparisonOperator.Between:
                var bounds = ((ListValue)value!).Items;
                return (t, now) =>
                {
                    var actual = t.GetValue(field);
                    return Compare(actual, ComparisonOperator.Gte, bounds[0], now) && Compare(actual, ComparisonOperator.Lte, bounds[1], now);
                };
            default:
                var op = comparison.Operator;
                return (t, now) => Compare(t.GetValue(field), op, value!, now);
        }
    }

    private static bool Compare(FieldValue actual, ComparisonOperator op, ConditionValue expected, DateTimeOffset now)
    {
        switch (actual.Kind, expected)
        {
            case (FieldValueKind.String, StringValue s):
                return op switch
                {
                    ComparisonOperator.Contains => actual.Text.Contains(s.Value, StringComparison.Ordinal),
                    ComparisonOperator.StartsWith => actual.Text.StartsWith(s.Value, StringComparison.Ordinal),
                    _ => Ordered(string.CompareOrdinal(actual.Text, s.Value), op),
                };
            case (FieldValueKind.StringSet, StringValue s) when op == ComparisonOperator.Contains:
                return actual.Set.Contains(s.Value);
            case (FieldValueKind.Number, NumberValue n):
                return Ordered(actual.Number.CompareTo(n.Value), op);
            case (FieldValueKind.Boolean, BooleanValue b):
                return Ordered(actual.Boolean.CompareTo(b.Value), op);
            case (FieldValueKind.Date, DateValue d):
                return Ordered(actual.Date.CompareTo(d.Value), op);
            case (FieldValueKind.Date, RelativeDateValue r):
                return Ordered(actual.Date.CompareTo(DateOnly.FromDateTime(r.Resolve(now).UtcDateTime)), op);
            case (FieldValueKind.DateTime, DateTimeValue d):
                return Ordered(actual.Instant.CompareTo(d.Value), op);
            case (FieldValueKind.DateTime, RelativeDateValue r):
                return Ordered(actual.Instant.CompareTo(r.Resolve(now)), op);
            default:
                return false;
        }
    }

    private static bool Ordered(int comparison, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => comparison == 0,
        ComparisonOperator.Ne => comparison != 0,
        ComparisonOperator.Gt => comparison > 0,
        ComparisonOperator.Gte => comparison >= 0,
        ComparisonOperator.Lt => comparison < 0,
        ComparisonOperator.Lte => comparison <= 0,
        _ => false,
    };
}
