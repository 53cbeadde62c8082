namespace Crm.Engine.Security;

/// <summary>
/// The owned records a list or search may return to a caller whose role covers only its own (or its teams') records.
/// Stores add it to the query's WHERE clause, so pages and continuation tokens count only visible records.
/// </summary>
/// <param name="OwnerId">The caller: records it owns are visible.</param>
/// <param name="TeamIds">The caller's teams: records owned by one of them are visible too; empty for "own records only".</param>
public sealed record RecordVisibility(string OwnerId, IReadOnlyCollection<string> TeamIds)
{
    /// <summary>Tells whether a record with this owner and team is visible, for stores that filter in memory.</summary>
    /// <param name="ownerId">The record's owner, or <see langword="null"/>.</param>
    /// <param name="teamId">The record's team, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when visible.</returns>
    public bool Allows(string? ownerId, string? teamId) =>
        string.Equals(ownerId, OwnerId, StringComparison.Ordinal)
        || (teamId is not null && TeamIds.Contains(teamId, StringComparer.Ordinal));
}
