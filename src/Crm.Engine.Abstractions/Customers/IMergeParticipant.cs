using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// Moves records of another aggregate (deals, cases, workflow instances, loyalty accounts) from a merged customer to
/// the survivor, inside the merge's transaction. Register implementations as singletons of this interface.
/// </summary>
/// <remarks>
/// Implementations must write only through the session passed to <see cref="RepointAsync"/> so that their
/// writes commit or roll back with the merge, and must not publish events themselves.
/// </remarks>
public interface IMergeParticipant
{
    /// <summary>Gets a short name for the merge record, such as <c>deals</c>.</summary>
    string Name { get; }

    /// <summary>Re-points every record of the merged customer to the survivor.</summary>
    /// <param name="session">The storage session, inside the merge's open transaction.</param>
    /// <param name="survivorId">The customer that remains.</param>
    /// <param name="mergedId">The customer being merged away.</param>
    /// <param name="cancellationToken">Cancels the merge; the transaction rolls back.</param>
    /// <returns>How many records were re-pointed.</returns>
    Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken);
}
