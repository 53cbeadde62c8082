namespace Crm.Engine.Events;

/// <summary>
/// Raised after a duplicate was merged into a survivor, following the merged customer's <see cref="CustomerDeleted"/>
/// and the survivor's <see cref="CustomerUpdated"/>: subscribers that keep their own copy re-point the merged id.
/// </summary>
/// <param name="CustomerId">The survivor: the customer that remains.</param>
/// <param name="MergedId">The duplicate merged into it, now deleted.</param>
/// <param name="MergeId">The merge record (<c>Duplicates.GetMergeHistoryAsync</c>).</param>
public sealed record CustomerMerged(Guid CustomerId, Guid MergedId, Guid MergeId) : CrmEvent;
