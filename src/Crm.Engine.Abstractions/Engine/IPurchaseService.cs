using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// Records purchases and reads purchase history.
/// </summary>
public interface IPurchaseService
{
    /// <summary>Validates and stores a purchase, then raises <see cref="Events.PurchaseRecorded"/>.</summary>
    /// <param name="purchase">The purchase; the identifier may be empty and the tenant is the caller's.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored purchase.</returns>
    /// <exception cref="CrmValidationException">A field or line is invalid. Nothing was stored.</exception>
    /// <exception cref="CrmNotFoundException">The customer does not exist in the caller's tenant.</exception>
    Task<Purchase> RecordAsync(Purchase purchase, CancellationToken cancellationToken = default);

    /// <summary>Reads a customer's purchases, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page to read, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of the purchase history.</returns>
    Task<Page<Purchase>> ListAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores many purchases in one transaction, all or none, without per-item events.</summary>
    /// <param name="purchases">The purchases.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The number stored.</returns>
    /// <exception cref="CrmValidationException">A purchase is invalid; errors name the item index and field.</exception>
    Task<int> ImportAsync(IEnumerable<Purchase> purchases, CancellationToken cancellationToken = default);
}
