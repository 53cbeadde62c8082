using Crm.Engine.Storage;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Runs a loyalty program over the ledger: what a loyalty plugin (<c>kinds: ["loyalty"]</c>) provides. The engine's
/// <see cref="ILoyaltyService"/> calls it with the caller's storage session; the plugin's own event handlers call it
/// with sessions of the storage provider the host granted.
/// </summary>
/// <remarks>
/// Every method joins the session's transaction when one is open and otherwise runs in a transaction of its own.
/// It never publishes: it returns the events in <see cref="LoyaltyResult.Events"/> for whoever commits to publish.
/// </remarks>
public interface ILoyaltyProgram
{
    /// <summary>Gets the program's tiers and points lifetime.</summary>
    LoyaltyProgramDefinition Definition { get; }

    /// <summary>Runs the rules over an earning event and appends one entry per award; a repeated event appends nothing.</summary>
    /// <param name="session">The tenant's session.</param>
    /// <param name="earning">The event.</param>
    /// <param name="actor">The user or plugin behind the event.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The entries appended, the account and the events.</returns>
    Task<LoyaltyResult> EarnAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken);

    /// <summary>Appends a manual award, a redemption or an adjustment.</summary>
    /// <param name="session">The tenant's session.</param>
    /// <param name="posting">The movement.</param>
    /// <param name="actor">The user or plugin behind it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>
    /// The entry appended (none for a repeat), the account and the events; <see cref="LoyaltyResult.InsufficientBalance"/>
    /// when the balance is too low (returned, not thrown).
    /// </returns>
    /// <exception cref="ArgumentException">The posting is invalid (the engine validates postings before calling).</exception>
    Task<LoyaltyResult> PostAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken);

    /// <summary>Expires the customer's points whose lifetime ended and reviews a tier whose review date passed.</summary>
    /// <param name="session">The tenant's session.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="actor">The user or plugin behind it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The expiry entry, if any, the account and the events.</returns>
    Task<LoyaltyResult> MaintainAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken);
}
