using System.Globalization;
using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>Writes a short description of a guard that has no <c>guardDescription</c>, for unmet-guard messages and diagrams.</summary>
internal static class WorkflowGuardText
{
    public static string Describe(Condition condition) => condition switch
    {
        AllCondition all => string.Join(" and ", all.Conditions.Select(Describe)),
        AnyCondition any => "(" + string.Join(" or ", any.Conditions.Select(Describe)) + ")",
        NotCondition not => "not " + Describe(not.Condition),
        RelationCondition r => r.IsSome ? $"some {r.Relation}" : $"count {r.Relation} {ConditionParser.OperatorName(r.CountOperator)} {r.Count.ToString(CultureInfo.InvariantCulture)}",
        ComparisonCondition c => c.Value is null ? $"{c.Field} {ConditionParser.OperatorName(c.Operator)}" : $"{c.Field} {ConditionParser.OperatorName(c.Operator)} {Value(c.Value)}",
        _ => condition.Path,
    };

    private static string Value(ConditionValue value) => value switch
    {
        StringValue s => s.Value,
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        BooleanValue b => b.Value ? "true" : "false",
        ListValue l => "[" + string.Join(", ", l.Items.Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };
}
