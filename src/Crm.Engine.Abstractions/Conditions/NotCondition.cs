namespace Crm.Engine.Conditions;

/// <summary>Holds when its child does not. JSON: <c>{"not": { ... }}</c>.</summary>
/// <param name="Condition">The child.</param>
public sealed record NotCondition(Condition Condition) : Condition;
