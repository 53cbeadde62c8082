namespace Crm.Engine.Sales;

/// <summary>Quotes with lines, discounts and tax; accepting one creates an order and a purchase in one transaction.</summary>
public interface IQuoteService
{
    /// <summary>Creates a quote (status <see cref="QuoteStatus.Open"/>).</summary>
    /// <param name="quote">The quote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored quote.</returns>
    /// <exception cref="CrmValidationException">No lines, negative quantity or price, percentages outside 0-100, bad currency.</exception>
    Task<Quote> CreateAsync(Quote quote, CancellationToken cancellationToken = default);

    /// <summary>Gets a quote.</summary>
    /// <param name="quoteId">The quote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The quote, or <see langword="null"/>.</returns>
    Task<Quote?> GetAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts an open quote: marks it accepted, creates the order and records the purchase (net of discounts, before
    /// tax), all in one transaction. A quote is accepted once: a second or concurrent acceptance fails.
    /// </summary>
    /// <param name="quoteId">The quote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The quote, order and purchase.</returns>
    /// <exception cref="CrmConcurrencyException">Another caller accepted or rejected the quote at the same time.</exception>
    /// <exception cref="CrmValidationException">The quote is not open, or its validity date has passed.</exception>
    Task<QuoteAcceptance> AcceptAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>Rejects an open quote.</summary>
    /// <param name="quoteId">The quote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rejected quote.</returns>
    Task<Quote> RejectAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>Gets an order.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order, or <see langword="null"/>.</returns>
    Task<Order?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken = default);
}
