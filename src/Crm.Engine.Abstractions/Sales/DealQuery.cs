using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>Filters for listing deals; results are ordered by creation time, then identifier.</summary>
public sealed record DealQuery
{
    /// <summary>Gets the pipeline to list, or <see langword="null"/> for all.</summary>
    public Guid? PipelineId { get; init; }

    /// <summary>Gets the customer, or <see langword="null"/> for all.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the owner, or <see langword="null"/> for all.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the status, or <see langword="null"/> for all.</summary>
    public DealStatus? Status { get; init; }

    /// <summary>Gets the stage, or <see langword="null"/> for all.</summary>
    public string? StageId { get; init; }

    /// <summary>Gets the records the caller may see (set by the service from record rules), or <see langword="null"/> for all.</summary>
    public Security.RecordVisibility? VisibleTo { get; init; }

    /// <summary>Gets the page.</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
