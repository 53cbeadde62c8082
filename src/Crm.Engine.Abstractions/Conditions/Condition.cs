namespace Crm.Engine.Conditions;

/// <summary>
/// Represents a node of the condition language shared by segments, workflow guards, scoring and loyalty rules.
/// </summary>
/// <remarks>
/// Build trees with <see cref="ConditionParser"/> from JSON or with the static factories below, then bind them to a
/// <see cref="FieldCatalog"/> with <see cref="ConditionBinder"/>; storage providers translate bound trees to SQL
/// and <see cref="ConditionEvaluator"/> evaluates them in memory with the same semantics.
/// </remarks>
public abstract record Condition
{
    private protected Condition()
    {
    }

    /// <summary>Gets the JSON path of the node in the document it was parsed from (<c>$</c> for the root).</summary>
    public string Path { get; init; } = "$";

    /// <summary>Creates a node that holds when every child holds (and when there are none).</summary>
    /// <param name="conditions">The children.</param>
    /// <returns>The node.</returns>
    public static AllCondition All(params Condition[] conditions) => new(conditions);

    /// <summary>Creates a node that holds when at least one child holds.</summary>
    /// <param name="conditions">The children.</param>
    /// <returns>The node.</returns>
    public static AnyCondition Any(params Condition[] conditions) => new(conditions);

    /// <summary>Creates a node that holds when its child does not.</summary>
    /// <param name="condition">The child.</param>
    /// <returns>The node.</returns>
    public static NotCondition Not(Condition condition) => new(condition);

    /// <summary>Creates a comparison of a field with a value.</summary>
    /// <param name="field">The field name from the catalog, such as <c>country</c> or <c>attributes.plan</c>.</param>
    /// <param name="op">The operator.</param>
    /// <param name="value">The value; <see langword="null"/> for <see cref="ComparisonOperator.Exists"/>.</param>
    /// <returns>The node.</returns>
    public static ComparisonCondition Compare(string field, ComparisonOperator op, ConditionValue? value = null) =>
        new(field, op, value);

    /// <summary>Creates a node that holds when at least one related record matches <paramref name="where"/>.</summary>
    /// <param name="relation">The relation, such as <c>interactions</c>.</param>
    /// <param name="where">The filter over the related records, or <see langword="null"/> for any.</param>
    /// <returns>The node.</returns>
    public static RelationCondition Some(string relation, Condition? where = null) =>
        new(relation, where, ComparisonOperator.Gte, 1);
}
