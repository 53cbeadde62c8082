namespace Crm.Engine.Sales;

/// <summary>The money figures of a quote, computed by <see cref="QuoteCalculator"/>.</summary>
/// <param name="Subtotal">Sum of quantity x unit price of every line, rounded per line.</param>
/// <param name="LineDiscounts">Sum of line discounts.</param>
/// <param name="QuoteDiscount">The quote-level discount.</param>
/// <param name="Net">Subtotal - line discounts - quote discount: the taxable amount.</param>
/// <param name="Tax">Sum of the tax of every line.</param>
/// <param name="Total">Net + tax.</param>
/// <param name="LineNets">Each line's net after both discounts, in line order (these become purchase line totals).</param>
public sealed record QuoteTotals(decimal Subtotal, decimal LineDiscounts, decimal QuoteDiscount, decimal Net, decimal Tax, decimal Total, IReadOnlyList<decimal> LineNets);
