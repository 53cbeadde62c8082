using Crm.Engine.Conditions;

namespace Crm.Engine.Storage;

/// <summary>
/// Describes which records to read, in which order, and which page.
/// </summary>
public sealed record StorageQuery
{
    /// <summary>Gets the filter, or <see langword="null"/> for every record of the tenant.</summary>
    public Condition? Filter { get; init; }

    /// <summary>
    /// Gets the instant relative dates in the filter (such as <c>"P30D"</c> ago) are measured from.
    /// The engine sets it from its <see cref="TimeProvider"/>; providers never read the clock themselves.
    /// </summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the sort order. The default is by creation time, oldest first.</summary>
    public SortOrder Sort { get; init; } = SortOrder.CreatedAscending;

    /// <summary>Gets the page to read.</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
