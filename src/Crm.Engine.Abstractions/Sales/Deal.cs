namespace Crm.Engine.Sales;

/// <summary>A sales opportunity with a customer, moving through the stages of a pipeline.</summary>
public sealed record Deal : ICrmEntity
{
    /// <summary>Gets the identifier.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the owning tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer (or lead) the deal is with.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the pipeline.</summary>
    public required Guid PipelineId { get; init; }

    /// <summary>Gets the current stage key; the pipeline's first stage when created without one.</summary>
    public string StageId { get; init; } = "";

    /// <summary>Gets whether the deal is open, won or lost (the kind of its stage).</summary>
    public DealStatus Status { get; init; }

    /// <summary>Gets the current stage's win probability in percent (0 to 100).</summary>
    public decimal Probability { get; init; }

    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the amount.</summary>
    public decimal Amount { get; init; }

    /// <summary>Gets the ISO 4217 currency of <see cref="Amount"/>.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the owning user (sales rep), or <see langword="null"/>.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the owning team, or <see langword="null"/>.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the expected close date, or <see langword="null"/>.</summary>
    public DateOnly? ExpectedCloseDate { get; init; }

    /// <summary>Gets the campaign the deal is attributed to, or <see langword="null"/>.</summary>
    public Guid? SourceCampaignId { get; init; }

    /// <summary>Gets the lead the deal was converted from (the customer's identifier), or <see langword="null"/>.</summary>
    public Guid? LeadId { get; init; }

    /// <summary>Gets why a lost deal was lost, or <see langword="null"/>.</summary>
    public string? LostReason { get; init; }

    /// <summary>Gets when the deal was created; the sales cycle starts here.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the deal last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the deal entered a won or lost stage, or <see langword="null"/> while open.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets the stored version.</summary>
    public long Version { get; init; }
}
