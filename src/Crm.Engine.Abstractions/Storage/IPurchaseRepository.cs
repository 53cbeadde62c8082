namespace Crm.Engine.Storage;

/// <summary>
/// Stores purchases with their lines. Query filters use the fields of <see cref="Conditions.CrmFields.Purchase"/>.
/// </summary>
public interface IPurchaseRepository : IRepository<Purchase>
{
    /// <summary>Reads a customer's purchases newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page size and continuation token.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of the purchase history.</returns>
    Task<Page<Purchase>> ListByCustomerAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken);
}
