using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// Saves segments and evaluates them in the database, and computes RFM scores. Conditions may name every field of
/// <see cref="SegmentFields.Customer"/> plus the tenant's typed custom fields.
/// </summary>
public interface ISegmentService
{
    /// <summary>Validates and saves (inserts or replaces) a segment.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored segment.</returns>
    /// <exception cref="CrmValidationException">The condition JSON is invalid; errors name the JSON path.</exception>
    Task<SegmentDefinition> SaveAsync(SegmentDefinition segment, CancellationToken cancellationToken = default);

    /// <summary>Reads a saved segment.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The segment, or <see langword="null"/>.</returns>
    Task<SegmentDefinition?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the saved segments by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The segments.</returns>
    Task<IReadOnlyList<SegmentDefinition>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a saved segment.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether one was deleted.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Counts the members of a saved segment now, in the database.</summary>
    /// <param name="name">The segment name.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The member count.</returns>
    /// <exception cref="CrmValidationException">No segment has that name (rule <c>notFound</c>).</exception>
    Task<long> CountAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Counts the customers matching a condition, in the database.</summary>
    /// <param name="condition">The condition over <see cref="SegmentFields.Customer"/>.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(Condition condition, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of the members of a saved segment, oldest customer first.</summary>
    /// <param name="name">The segment name.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<Customer>> GetMembersAsync(string name, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of the customers matching a condition.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<Customer>> GetMembersAsync(Condition condition, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the members of a saved segment and reads one page of them, evaluating the condition once where the
    /// storage provider can: what a segment screen needs, in about the time of <see cref="CountAsync(string, CancellationToken)"/> alone.
    /// </summary>
    /// <param name="name">The segment name.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The member count and the page.</returns>
    /// <exception cref="CrmValidationException">No segment has that name (rule <c>notFound</c>).</exception>
    Task<SegmentEvaluation> EvaluateAsync(string name, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Counts the customers matching a condition and reads one page of them, evaluating the condition once where the storage provider can.</summary>
    /// <param name="condition">The condition over <see cref="SegmentFields.Customer"/>.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count and the page.</returns>
    Task<SegmentEvaluation> EvaluateAsync(Condition condition, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Recomputes every buyer's RFM scores in the database as of now, replacing the previous run.</summary>
    /// <param name="cancellationToken">Cancels the run; the previous scores stay.</param>
    /// <returns>The counts per named segment.</returns>
    Task<RfmSummary> ComputeRfmAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a customer's scores from the last RFM run.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scores, or <see langword="null"/> when the customer had no purchase at the last run.</returns>
    Task<RfmScore?> GetRfmAsync(Guid customerId, CancellationToken cancellationToken = default);
}
