using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Collects <see cref="ILoyaltyRule"/>s from the engine's services and from every active plugin on each evaluation, so
/// a rule plugin dropped in, reloaded or removed counts from the next earning on. Plugin rules run through the guard,
/// one guarded call per rule, so one failing rule costs only its own award.
/// </summary>
internal sealed class LoyaltyRuleContributions(IServiceProvider services, ILogger<LoyaltyRuleContributions>? logger) : ILoyaltyRuleContributions
{
    private const string CodeSource = "code";
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async ValueTask<IReadOnlyList<ContributedLoyaltyAward>> EvaluateAsync(
        LoyaltyEarningEvent earning, LoyaltyRuleContext context, IReadOnlySet<string> takenNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(earning);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(takenNames);
        var awards = new List<ContributedLoyaltyAward>();
        var used = new HashSet<string>(takenNames, StringComparer.Ordinal);
        foreach (var rule in services.GetServices<ILoyaltyRule>())
        {
            if (!Claim(used, rule.Name, CodeSource))
            {
                continue;
            }

            LoyaltyAward? award;
            try
            {
                award = rule.Evaluate(earning, context);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Same policy as for plugin rules: a faulty rule must not stop every other rule from awarding.
                LoyaltyLog.ContributedRuleFailed(_logger, exception, rule.Name, CodeSource, earning.Kind, earning.SourceId);
                continue;
            }

            context = Add(awards, context, rule.Name, CodeSource, award);
        }

        if (services.GetService<IPluginServices>() is not { } plugins)
        {
            return awards;
        }

        foreach (var provider in plugins.GetServices<ILoyaltyRule>())
        {
            // A plugin may export several rules: the enumerable handle reaches all of them through one guard.
            var handle = plugins.GetService<IEnumerable<ILoyaltyRule>>(provider.PluginId);
            string[] names;
            try
            {
                names = await handle.InvokeAsync(static (rules, _) => ValueTask.FromResult(rules.Select(r => r.Name).ToArray()), cancellationToken).ConfigureAwait(false);
            }
            catch (CrmPluginCallException exception)
            {
                LoyaltyLog.ContributedRuleFailed(_logger, exception, "*", "plugin " + provider.PluginId, earning.Kind, earning.SourceId);
                continue;
            }

            for (var index = 0; index < names.Length; index++)
            {
                var name = names[index];
                if (!Claim(used, name, provider.PluginId))
                {
                    continue;
                }

                LoyaltyAward? award;
                try
                {
                    award = await handle.InvokeAsync(
                        (Index: index, Name: name, Earning: earning, Context: context),
                        static (rules, s, _) => ValueTask.FromResult(EvaluateAt(rules, s.Index, s.Name, s.Earning, s.Context)),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (CrmPluginCallException exception)
                {
                    LoyaltyLog.ContributedRuleFailed(_logger, exception, name, "plugin " + provider.PluginId, earning.Kind, earning.SourceId);
                    continue;
                }

                context = Add(awards, context, name, provider.PluginId, award);
            }
        }

        return awards;
    }

    // A reload between reading the names and evaluating may reorder the rules: never evaluate a rule under another's name.
    private static LoyaltyAward? EvaluateAt(IEnumerable<ILoyaltyRule> rules, int index, string name, LoyaltyEarningEvent earning, LoyaltyRuleContext context) =>
        rules.ElementAtOrDefault(index) is { } rule && string.Equals(rule.Name, name, StringComparison.Ordinal) ? rule.Evaluate(earning, context) : null;

    private static LoyaltyRuleContext Add(List<ContributedLoyaltyAward> awards, LoyaltyRuleContext context, string name, string source, LoyaltyAward? award)
    {
        if (award is not { Points: > 0 })
        {
            return context;
        }

        awards.Add(new ContributedLoyaltyAward(name, source, award));
        return context with { PointsSoFar = context.PointsSoFar + award.Points };
    }

    private bool Claim(HashSet<string> used, string? name, string source)
    {
        if (!string.IsNullOrWhiteSpace(name) && used.Add(name))
        {
            return true;
        }

        LoyaltyLog.ContributedRuleShadowed(_logger, name ?? string.Empty, source);
        return false;
    }
}
