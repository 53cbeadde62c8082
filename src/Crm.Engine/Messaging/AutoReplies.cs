using Crm.Engine.Channels;
using Crm.Engine.Conditions;
using Crm.Engine.Templates;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>The configured auto-reply rules with their conditions compiled once; checked when the engine starts.</summary>
internal sealed class AutoReplies
{
    private readonly Lazy<IReadOnlyList<(AutoReplyRule Rule, CompiledCondition Condition)>> _rules;

    public AutoReplies(IOptions<MessagingOptions> options, TemplateRegistry templates)
    {
        _rules = new Lazy<IReadOnlyList<(AutoReplyRule, CompiledCondition)>>(() => Compile(options.Value.AutoReplies, templates));
    }

    public IReadOnlyList<(AutoReplyRule Rule, CompiledCondition Condition)> Rules => _rules.Value;

    /// <summary>Returns the first rule whose condition matches the message, or null.</summary>
    public AutoReplyRule? Match(InboundMessage message, Customer customer, bool newLead, DateTimeOffset now)
    {
        if (Rules.Count == 0)
        {
            return null;
        }

        var target = new InboundMessageFields(message, customer, newLead);
        foreach (var (rule, condition) in Rules)
        {
            if (condition.Matches(target, now))
            {
                return rule;
            }
        }

        return null;
    }

    private static List<(AutoReplyRule, CompiledCondition)> Compile(IList<AutoReplyRule> rules, TemplateRegistry templates)
    {
        var compiled = new List<(AutoReplyRule, CompiledCondition)>(rules.Count);
        var errors = new List<ValidationError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"AutoReplies[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name))
            {
                errors.Add(new ValidationError(path + ".Name", "every auto-reply rule needs a unique name.") { Rule = "unique" });
            }

            if (templates.Find(rule.TemplateId) is null)
            {
                errors.Add(new ValidationError(path + ".TemplateId", $"template '{rule.TemplateId}' is not registered; add it to MessagingOptions.Templates.") { Rule = "reference" });
            }

            if (rule.Cooldown < TimeSpan.Zero)
            {
                errors.Add(new ValidationError(path + ".Cooldown", "must not be negative.") { Rule = "range" });
            }

            try
            {
                var condition = ConditionParser.Parse(rule.Condition, InboundMessageFields.Catalog, path + ".Condition");
                compiled.Add((rule, ConditionEvaluator.Compile(condition, InboundMessageFields.Catalog)));
            }
            catch (CrmValidationException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }

        return compiled;
    }
}
