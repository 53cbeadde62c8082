namespace Crm.Engine.Conditions;

/// <summary>Holds when at least one child holds. JSON: <c>{"any": [ ... ]}</c>.</summary>
/// <param name="Conditions">The children.</param>
public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition;
