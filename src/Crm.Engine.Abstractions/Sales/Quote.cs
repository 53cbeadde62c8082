namespace Crm.Engine.Sales;

/// <summary>A priced offer to a customer; accepting it creates an <see cref="Order"/> and a purchase.</summary>
public sealed record Quote : ICrmEntity
{
    /// <summary>Gets the identifier.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the owning tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the deal the quote belongs to, or <see langword="null"/>.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the ISO 4217 currency of every amount.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the lines (at least one).</summary>
    public required IReadOnlyList<QuoteLine> Lines { get; init; }

    /// <summary>Gets the quote-level discount in percent (0 to 100).</summary>
    public decimal DiscountPercent { get; init; }

    /// <summary>Gets the last day the quote can be accepted, or <see langword="null"/>.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>Gets the status.</summary>
    public QuoteStatus Status { get; init; }

    /// <summary>Gets the order created on acceptance, or <see langword="null"/>.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>Gets when the quote was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the quote was accepted or rejected, or <see langword="null"/>.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets the stored version.</summary>
    public long Version { get; init; }

    /// <summary>Gets the totals computed from the lines and discount.</summary>
    public QuoteTotals Totals => QuoteCalculator.Compute(Lines, DiscountPercent);
}
