namespace Crm.Engine;

/// <summary>
/// Describes one item of a <see cref="Purchase"/>. Amounts are in the purchase's currency.
/// </summary>
/// <param name="Sku">The product's stock-keeping unit, used for cross-sell analysis.</param>
/// <param name="ProductName">The product's display name.</param>
/// <param name="Quantity">How many units were bought; must be positive.</param>
/// <param name="UnitPrice">The price of one unit before discount.</param>
public sealed record PurchaseLine(string Sku, string ProductName, decimal Quantity, decimal UnitPrice)
{
    /// <summary>Gets the product category, if known.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the discount taken off the line (not per unit).</summary>
    public decimal Discount { get; init; }

    /// <summary>Gets the line total: quantity times unit price, less the discount.</summary>
    public decimal Total => (Quantity * UnitPrice) - Discount;
}
