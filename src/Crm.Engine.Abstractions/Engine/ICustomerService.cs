using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// Creates, changes, finds and segments customers, validating every write and raising domain events.
/// </summary>
public interface ICustomerService
{
    /// <summary>Validates and stores a new customer.</summary>
    /// <param name="customer">The customer; <see cref="ICrmEntity.Id"/> may be empty (one is assigned), the tenant is the caller's.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored customer (version 1, timestamps set, emails normalized).</returns>
    /// <exception cref="CrmValidationException">A field is invalid; each error names the field. Nothing was stored.</exception>
    Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores a change to a customer read at <see cref="ICrmEntity.Version"/>.</summary>
    /// <param name="customer">The changed customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored customer with its new version.</returns>
    /// <exception cref="CrmValidationException">A field is invalid. Nothing was stored.</exception>
    /// <exception cref="CrmConcurrencyException">Someone else changed the customer first. Nothing was stored.</exception>
    Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken = default);

    /// <summary>Reads a customer.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customer, or <see langword="null"/> when the caller's tenant has none with that identifier.</returns>
    Task<Customer?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Finds a customer by any of their email addresses.</summary>
    /// <param name="email">The address, in any case.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customer, or <see langword="null"/>.</returns>
    Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Deletes a customer read at <paramref name="expectedVersion"/>.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the customer is deleted.</returns>
    /// <exception cref="CrmNotFoundException">No such customer.</exception>
    /// <exception cref="CrmConcurrencyException">Someone else changed the customer first.</exception>
    Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Finds customers matching a condition (a segment), one page at a time.</summary>
    /// <param name="filter">The condition over <see cref="CrmFields.Customer"/>, or <see langword="null"/> for all.</param>
    /// <param name="page">The page to read, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="CrmValidationException">The condition names an unknown field or has a mistyped value.</exception>
    Task<Page<Customer>> SearchAsync(Condition? filter, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Parses a JSON condition and finds the customers matching it.</summary>
    /// <param name="conditionJson">The condition as JSON.</param>
    /// <param name="page">The page to read, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="CrmValidationException">The JSON is malformed or invalid; errors name the JSON path, line and column.</exception>
    Task<Page<Customer>> SearchAsync(string conditionJson, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Counts the customers matching a condition.</summary>
    /// <param name="filter">The condition, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(Condition? filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates and stores many new customers in one transaction: all are stored, or none when any is invalid.
    /// Raises no per-customer events (imports would flood handlers).
    /// </summary>
    /// <param name="customers">The customers.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is stored.</param>
    /// <returns>The number stored.</returns>
    /// <exception cref="CrmValidationException">A customer is invalid; errors name the item index and field.</exception>
    Task<int> ImportAsync(IEnumerable<Customer> customers, CancellationToken cancellationToken = default);
}
