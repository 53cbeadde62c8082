using Crm.Engine.Storage;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Reads and moves customers' points for one caller, through the installed loyalty program. Writes join the caller's
/// <c>TransactAsync</c> unit and raise their events after the commit.
/// </summary>
public interface ILoyaltyService
{
    /// <summary>Gets the installed program's definition: its tiers and the lifetime of points.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The definition.</returns>
    Task<LoyaltyProgramDefinition> GetProgramAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's account.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account, or <see langword="null"/> when the customer never earned.</returns>
    Task<LoyaltyAccount?> GetAccountAsync(Guid customerId, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's ledger, oldest entry first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page; the engine's default size when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<LoyaltyLedgerEntry>> GetLedgerAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the program's rules over an earning event (a birthday, a referral, a purchase).</summary>
    /// <param name="earning">The event.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result; <see cref="LoyaltyResult.Duplicate"/> when the event was already counted.</returns>
    Task<LoyaltyResult> EarnAsync(LoyaltyEarningEvent earning, CancellationToken cancellationToken = default);

    /// <summary>Awards, redeems or adjusts points directly.</summary>
    /// <param name="posting">The movement.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result; <see cref="LoyaltyResult.Duplicate"/> when the key was already used.</returns>
    /// <exception cref="CrmInsufficientPointsException">A redemption or negative adjustment exceeds the balance.</exception>
    /// <exception cref="CrmValidationException">The posting is invalid.</exception>
    Task<LoyaltyResult> PostAsync(LoyaltyPosting posting, CancellationToken cancellationToken = default);

    /// <summary>Expires the customer's due points and reviews their tier if its review date passed.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    Task<LoyaltyResult> MaintainAsync(Guid customerId, CancellationToken cancellationToken = default);

    /// <summary>Runs <see cref="MaintainAsync"/> for every account of the tenant with points to expire or a tier to review.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of accounts maintained.</returns>
    Task<int> MaintainDueAsync(CancellationToken cancellationToken = default);
}
