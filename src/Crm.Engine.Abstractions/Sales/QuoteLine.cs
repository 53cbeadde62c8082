namespace Crm.Engine.Sales;

/// <summary>One line of a quote.</summary>
/// <param name="Sku">The product code.</param>
/// <param name="ProductName">The product name.</param>
/// <param name="Quantity">The quantity (positive; may be fractional, e.g. hours).</param>
/// <param name="UnitPrice">The price per unit, before discounts and tax (non-negative).</param>
public sealed record QuoteLine(string Sku, string ProductName, decimal Quantity, decimal UnitPrice)
{
    /// <summary>Gets the line discount in percent (0 to 100).</summary>
    public decimal DiscountPercent { get; init; }

    /// <summary>Gets the tax rate in percent (0 to 100), such as 20 for 20 % VAT.</summary>
    public decimal TaxRatePercent { get; init; }

    /// <summary>Gets the product category, carried to the purchase line.</summary>
    public string? Category { get; init; }
}
