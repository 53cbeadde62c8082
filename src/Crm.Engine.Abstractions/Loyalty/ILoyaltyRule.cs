namespace Crm.Engine.Loyalty;

/// <summary>
/// Decides how many points an earning event is worth: the extension point of loyalty programs. Export rules from a
/// plugin of their own (kind <c>loyalty</c>), register them in the engine's services, or in the program's own; the
/// engine hands the first two to the program through <see cref="ILoyaltyRuleContributions"/>. The program writes each
/// award as its own ledger entry keyed by the event and the rule's <see cref="Name"/>, so a redelivered event never
/// awards twice.
/// </summary>
public interface ILoyaltyRule
{
    /// <summary>Gets the rule's name, unique in the program and stable across versions (it is part of idempotency keys).</summary>
    string Name { get; }

    /// <summary>Evaluates the rule. Rules are pure: no I/O, no clock except <see cref="LoyaltyRuleContext.Now"/>.</summary>
    /// <param name="earning">The event.</param>
    /// <param name="context">The program, the account and the points earlier rules awarded.</param>
    /// <returns>The award, or <see langword="null"/> when the rule does not apply or awards nothing.</returns>
    LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context);
}
