namespace Crm.Engine.Sales;

/// <summary>The outcome of accepting a quote.</summary>
/// <param name="Quote">The quote, now accepted.</param>
/// <param name="Order">The order created.</param>
/// <param name="Purchase">The purchase recorded for the order.</param>
public sealed record QuoteAcceptance(Quote Quote, Order Order, Purchase Purchase);
