namespace Crm.Engine.Storage;

/// <summary>
/// Stores customers. Query filters use the fields of <see cref="Conditions.CrmFields.Customer"/>,
/// including behavioural aggregates and the <c>interactions</c>, <c>purchases</c> and <c>purchaseLines</c> relations.
/// </summary>
public interface ICustomerRepository : IRepository<Customer>
{
    /// <summary>Finds the customer whose email addresses include <paramref name="email"/> (compared in lower case).</summary>
    /// <param name="email">The address.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The first matching customer, or <see langword="null"/>.</returns>
    Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Finds the customer with the given external identifier.</summary>
    /// <param name="externalId">The identifier in the other system.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matching customer, or <see langword="null"/>.</returns>
    Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken);
}
