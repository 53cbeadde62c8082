namespace Crm.Engine.Loyalty;

/// <summary>
/// The earn rules contributed to the installed loyalty program from outside it: <see cref="ILoyaltyRule"/>s registered
/// in the engine's services and those exported by every active plugin (code plugins and plugin folders alike). The
/// engine provides it; a program resolves it from its services (the host grants it to plugins of kind
/// <c>loyalty</c>) and evaluates it on every earning, so a rule plugin dropped in, hot-reloaded or removed changes the
/// next award.
/// </summary>
/// <remarks>
/// Plugin rules are called through the plugin guard (timeout, concurrency limit, circuit breaker, hot reload). A rule
/// that throws or times out is a contained fault: it is logged, counted against its plugin, and awards nothing for that
/// event; the other rules still award.
/// </remarks>
public interface ILoyaltyRuleContributions
{
    /// <summary>
    /// Evaluates every contributed rule for an event, in order: rules registered in the engine's services (in
    /// registration order), then plugins by id (each plugin's rules in its registration order). Each rule sees
    /// <see cref="LoyaltyRuleContext.PointsSoFar"/> grown by the awards before it.
    /// </summary>
    /// <param name="earning">The event.</param>
    /// <param name="context">The context after the program's own rules.</param>
    /// <param name="takenNames">
    /// Rule names the program runs itself; contributed rules with these names are skipped, as are later contributed
    /// rules whose name an earlier one already used (names are part of idempotency keys).
    /// </param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The awards of more than zero points, in order.</returns>
    ValueTask<IReadOnlyList<ContributedLoyaltyAward>> EvaluateAsync(
        LoyaltyEarningEvent earning, LoyaltyRuleContext context, IReadOnlySet<string> takenNames, CancellationToken cancellationToken);
}
