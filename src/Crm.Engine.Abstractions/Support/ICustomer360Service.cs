namespace Crm.Engine.Support;

/// <summary>Assembles the customer 360 view.</summary>
public interface ICustomer360Service
{
    /// <summary>Gets everything support needs about a customer in one call, read on one storage session.</summary>
    /// <param name="request">The customer and page sizes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view, or <see langword="null"/> when the customer does not exist.</returns>
    Task<Customer360?> GetAsync(Customer360Request request, CancellationToken cancellationToken = default);
}
