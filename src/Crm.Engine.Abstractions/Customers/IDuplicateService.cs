namespace Crm.Engine;

/// <summary>
/// Finds probable duplicate customers and merges them with field-level survivorship, never losing an interaction
/// or a purchase.
/// </summary>
public interface IDuplicateService
{
    /// <summary>Finds duplicate pairs across the tenant: exact on normalized email and phone, fuzzy (Jaro-Winkler) on name and company within blocks.</summary>
    /// <param name="options">The thresholds, or <see langword="null"/> for <see cref="DuplicateDetectionOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The pairs, best score first, each pair once.</returns>
    Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(DuplicateDetectionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/> in one transaction: survivorship per field,
    /// interactions, purchases and every <see cref="IMergeParticipant"/>'s records re-pointed, the merged customer deleted, a merge record stored.</summary>
    /// <param name="survivorId">The customer that remains.</param>
    /// <param name="mergedId">The customer merged away.</param>
    /// <param name="options">The survivorship rules, or <see langword="null"/> for <see cref="MergeOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the merge; nothing is changed.</param>
    /// <returns>The survivor and the merge record.</returns>
    /// <exception cref="CrmNotFoundException">Either customer does not exist.</exception>
    /// <exception cref="CrmValidationException">The merged customer would be invalid (for example too many addresses), or both identifiers are equal.</exception>
    Task<MergeResult> MergeAsync(Guid survivorId, Guid mergedId, MergeOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the merge records that involve a customer.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, oldest first.</returns>
    Task<IReadOnlyList<MergeRecord>> GetMergeHistoryAsync(Guid customerId, CancellationToken cancellationToken = default);
}
