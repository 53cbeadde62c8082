using Crm.Engine.Conditions;

namespace Crm.Engine.Sales;

/// <summary>The scoring rules compiled against the customer catalog; a bad rule fails with the rule's name in the path.</summary>
internal sealed class LeadScoringRules
{
    private readonly List<(LeadScoringRule Rule, CompiledCondition Condition)> _rules;

    private LeadScoringRules(List<(LeadScoringRule, CompiledCondition)> rules) => _rules = rules;

    public static LeadScoringRules Compile(IReadOnlyList<LeadScoringRule> rules)
    {
        var compiled = new List<(LeadScoringRule, CompiledCondition)>(rules.Count);
        foreach (var rule in rules)
        {
            var condition = ConditionParser.Parse(rule.Condition, CrmFields.Customer, $"leadScoring.rules['{rule.Name}']");
            compiled.Add((rule, ConditionEvaluator.Compile(condition, CrmFields.Customer)));
        }

        return new LeadScoringRules(compiled);
    }

    public IReadOnlyList<LeadScoringRule> Match(IConditionTarget target, DateTimeOffset now) =>
        [.. _rules.Where(r => r.Condition.Matches(target, now)).Select(r => r.Rule)];
}
