namespace Crm.Engine.Loyalty;

/// <summary>An award of a contributed rule (see <see cref="ILoyaltyRuleContributions"/>).</summary>
/// <param name="Rule">The rule's name: write the award under <see cref="LoyaltyEarningEvent.KeyFor(string)"/> of it.</param>
/// <param name="Source">Where the rule came from: <c>code</c>, or the id of the plugin that exports it.</param>
/// <param name="Award">The points and reason.</param>
public sealed record ContributedLoyaltyAward(string Rule, string Source, LoyaltyAward Award);
