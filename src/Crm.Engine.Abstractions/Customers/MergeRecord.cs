namespace Crm.Engine;

/// <summary>
/// Records that one customer was merged into another: kept for audit and to redirect old identifiers.
/// </summary>
/// <param name="Id">The record identifier.</param>
/// <param name="SurvivorId">The customer that remains.</param>
/// <param name="MergedId">The customer that was merged and deleted.</param>
/// <param name="MergedAt">When the merge happened.</param>
/// <param name="Actor">The user who merged.</param>
public sealed record MergeRecord(Guid Id, Guid SurvivorId, Guid MergedId, DateTimeOffset MergedAt, string Actor)
{
    /// <summary>Gets how many interactions were re-pointed to the survivor.</summary>
    public long InteractionsMoved { get; init; }

    /// <summary>Gets how many purchases were re-pointed to the survivor.</summary>
    public long PurchasesMoved { get; init; }

    /// <summary>Gets how many records each <see cref="IMergeParticipant"/> re-pointed, by participant name.</summary>
    public IReadOnlyDictionary<string, long> ParticipantsMoved { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Gets which customer each field's value came from (<c>survivor</c>, <c>merged</c> or <c>both</c>), by field name.</summary>
    public IReadOnlyDictionary<string, string> FieldSources { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the merged customer as it was, as JSON, so a merge can be audited; removed by erasure.</summary>
    public string? MergedSnapshotJson { get; init; }
}
