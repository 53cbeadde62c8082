using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>Filters cases; newest opened first.</summary>
public sealed record CaseQuery
{
    /// <summary>Gets the customer to list cases of, if any.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the status to list, if any.</summary>
    public CaseStatus? Status { get; init; }

    /// <summary>Gets the owner to list cases of, if any.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the team to list cases of, if any.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets only open cases (new, open, pending) when true.</summary>
    public bool OpenOnly { get; init; }

    /// <summary>Gets the records the caller may see (set by the service from record rules), or <see langword="null"/> for all.</summary>
    public Security.RecordVisibility? VisibleTo { get; init; }

    /// <summary>Gets the page.</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
