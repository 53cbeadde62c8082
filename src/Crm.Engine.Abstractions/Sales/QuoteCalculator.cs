namespace Crm.Engine.Sales;

/// <summary>
/// Computes quote totals. Every figure is rounded to the currency's minor unit (2 decimals) per line, midpoints away
/// from zero (commercial rounding, as on invoices), then summed; totals are sums of rounded lines, never rounded sums.
/// </summary>
/// <remarks>
/// Per line: gross = round(quantity x unit price); line discount = round(gross x line % / 100);
/// quote discount share = round((gross - line discount) x quote % / 100); net = gross - line discount - share;
/// tax = round(net x tax % / 100). The quote discount is the sum of the shares, so it is allocated to lines exactly and
/// each line is taxed at its own rate.
/// </remarks>
public static class QuoteCalculator
{
    /// <summary>The number of decimals amounts are rounded to.</summary>
    public const int Decimals = 2;

    /// <summary>Computes the totals of <paramref name="lines"/> with a quote-level discount.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="quoteDiscountPercent">The quote discount in percent (0 to 100).</param>
    /// <returns>The totals.</returns>
    public static QuoteTotals Compute(IReadOnlyList<QuoteLine> lines, decimal quoteDiscountPercent)
    {
        ArgumentNullException.ThrowIfNull(lines);
        decimal subtotal = 0, lineDiscounts = 0, quoteDiscount = 0, tax = 0;
        var nets = new List<decimal>(lines.Count);
        foreach (var line in lines)
        {
            var gross = Round(line.Quantity * line.UnitPrice);
            var lineDiscount = Round(gross * line.DiscountPercent / 100m);
            var share = Round((gross - lineDiscount) * quoteDiscountPercent / 100m);
            var net = gross - lineDiscount - share;
            subtotal += gross;
            lineDiscounts += lineDiscount;
            quoteDiscount += share;
            tax += Round(net * line.TaxRatePercent / 100m);
            nets.Add(net);
        }

        var totalNet = subtotal - lineDiscounts - quoteDiscount;
        return new QuoteTotals(subtotal, lineDiscounts, quoteDiscount, totalNet, tax, totalNet + tax, nets);
    }

    /// <summary>Rounds to <see cref="Decimals"/> decimals, midpoints away from zero.</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The rounded amount.</returns>
    public static decimal Round(decimal amount) => decimal.Round(amount, Decimals, MidpointRounding.AwayFromZero);
}
