using Crm.Engine.Scheduling;

namespace Crm.Engine.Storage;

/// <summary>Filters a listing of scheduled jobs; criteria combine with AND.</summary>
public sealed record ScheduledJobQuery
{
    /// <summary>Gets the kind to list, or <see langword="null"/> for all.</summary>
    public string? Kind { get; init; }

    /// <summary>Gets the status to list, or <see langword="null"/> for all.</summary>
    public ScheduledJobStatus? Status { get; init; }

    /// <summary>Gets the page to return (soonest due first).</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
