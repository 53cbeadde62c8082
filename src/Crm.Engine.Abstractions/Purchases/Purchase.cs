namespace Crm.Engine;

/// <summary>
/// Records one order a customer placed: the basis of purchase history, RFM segmentation and lifetime value.
/// </summary>
public sealed record Purchase : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer who bought.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the order number in the selling system, if any.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>Gets when the purchase was made.</summary>
    public required DateTimeOffset PurchasedAt { get; init; }

    /// <summary>Gets the ISO 4217 currency code of every amount in the purchase, such as <c>EUR</c>.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the ordered items.</summary>
    public IReadOnlyList<PurchaseLine> Lines { get; init; } = [];

    /// <summary>Gets the channel the purchase came through (for example <c>web</c> or <c>store</c>), if known.</summary>
    public string? Channel { get; init; }

    /// <summary>Gets when the purchase was recorded.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>Gets the order total: the sum of the line totals.</summary>
    public decimal Total
    {
        get
        {
            decimal total = 0;
            foreach (var line in Lines)
            {
                total += line.Total;
            }

            return total;
        }
    }
}
