namespace Crm.Engine.Sales;

/// <summary>An order created by accepting a quote; it is recorded as a purchase in the customer's history.</summary>
public sealed record Order : ICrmEntity
{
    /// <summary>Gets the identifier.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the owning tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the accepted quote.</summary>
    public required Guid QuoteId { get; init; }

    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the deal, or <see langword="null"/>.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the purchase recorded for the order.</summary>
    public required Guid PurchaseId { get; init; }

    /// <summary>Gets the order number (also the purchase's order number).</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the currency.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the net amount (after discounts, before tax).</summary>
    public decimal Net { get; init; }

    /// <summary>Gets the tax.</summary>
    public decimal Tax { get; init; }

    /// <summary>Gets the total (net + tax).</summary>
    public decimal Total { get; init; }

    /// <summary>Gets when the order was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the stored version.</summary>
    public long Version { get; init; }
}
