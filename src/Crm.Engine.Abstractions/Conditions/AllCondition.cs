namespace Crm.Engine.Conditions;

/// <summary>Holds when every child holds. JSON: <c>{"all": [ ... ]}</c>.</summary>
/// <param name="Conditions">The children.</param>
public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition;
