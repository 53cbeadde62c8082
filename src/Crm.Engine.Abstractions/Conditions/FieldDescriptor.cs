namespace Crm.Engine.Conditions;

/// <summary>
/// Describes a field conditions may name: its name, its type and, for enumerations, the allowed names.
/// </summary>
/// <param name="Name">The field name as written in JSON, in camelCase.</param>
/// <param name="Type">The field type.</param>
public sealed record FieldDescriptor(string Name, FieldType Type)
{
    /// <summary>Gets the allowed names of an <see cref="FieldType.Enum"/> field, in canonical case.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>Gets a one-line description for documentation and error hints.</summary>
    public string? Description { get; init; }

    /// <summary>Gets whether the field is computed from related records (such as <c>totalSpent</c>) rather than stored.</summary>
    public bool IsAggregate { get; init; }

    /// <summary>Gets the operators the field accepts.</summary>
    public IReadOnlyList<ComparisonOperator> Operators => Type switch
    {
        FieldType.String => [ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.Gt, ComparisonOperator.Gte, ComparisonOperator.Lt, ComparisonOperator.Lte, ComparisonOperator.In, ComparisonOperator.Contains, ComparisonOperator.StartsWith, ComparisonOperator.Exists, ComparisonOperator.Between],
        FieldType.Number or FieldType.Date or FieldType.DateTime => [ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.Gt, ComparisonOperator.Gte, ComparisonOperator.Lt, ComparisonOperator.Lte, ComparisonOperator.In, ComparisonOperator.Exists, ComparisonOperator.Between],
        FieldType.Boolean => [ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.Exists],
        FieldType.Enum => [ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.In, ComparisonOperator.Exists],
        FieldType.StringSet => [ComparisonOperator.Contains, ComparisonOperator.In, ComparisonOperator.Exists],
        _ => [ComparisonOperator.Eq, ComparisonOperator.Ne, ComparisonOperator.Gt, ComparisonOperator.Gte, ComparisonOperator.Lt, ComparisonOperator.Lte, ComparisonOperator.In, ComparisonOperator.Contains, ComparisonOperator.StartsWith, ComparisonOperator.Exists, ComparisonOperator.Between],
    };
}
