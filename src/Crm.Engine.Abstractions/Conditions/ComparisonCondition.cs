namespace Crm.Engine.Conditions;

/// <summary>
/// Compares a field with a value. JSON: <c>{"field": "country", "op": "in", "value": ["DE", "AT"]}</c>.
/// </summary>
/// <remarks>
/// A missing (null) field satisfies only <see cref="ComparisonOperator.Ne"/>: it equals nothing, is in no list and
/// orders against nothing. Strings compare ordinally and case-sensitively.
/// </remarks>
/// <param name="Field">The field name from the catalog.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Value">The value: a list for <see cref="ComparisonOperator.In"/>, two values for
/// <see cref="ComparisonOperator.Between"/>, none for <see cref="ComparisonOperator.Exists"/>.</param>
public sealed record ComparisonCondition(string Field, ComparisonOperator Operator, ConditionValue? Value) : Condition;
