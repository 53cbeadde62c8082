namespace Crm.Engine.Conditions;

/// <summary>
/// Counts related records that match a filter and compares the count.
/// JSON: <c>{"some": "interactions", "where": { ... }}</c> (at least one), or
/// <c>{"count": "interactions", "where": { ... }, "op": "gte", "value": 3}</c>.
/// </summary>
/// <param name="Relation">The relation name from the catalog, such as <c>interactions</c>.</param>
/// <param name="Where">The filter over the related records' fields, or <see langword="null"/> for all of them.</param>
/// <param name="CountOperator">How the count is compared: one of eq, ne, gt, gte, lt, lte.</param>
/// <param name="Count">The number the count is compared with.</param>
public sealed record RelationCondition(string Relation, Condition? Where, ComparisonOperator CountOperator, long Count) : Condition
{
    /// <summary>Gets whether the node means "at least one" (count ≥ 1), which providers can run as EXISTS.</summary>
    public bool IsSome => (CountOperator == ComparisonOperator.Gte && Count == 1) || (CountOperator == ComparisonOperator.Gt && Count == 0);
}
