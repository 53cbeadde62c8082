using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// Records contacts with customers and reads their timelines.
/// </summary>
public interface IInteractionService
{
    /// <summary>Validates and stores an interaction, then raises <see cref="Events.InteractionRecorded"/>.</summary>
    /// <param name="interaction">The interaction; the identifier may be empty and the tenant is the caller's.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored interaction.</returns>
    /// <exception cref="CrmValidationException">A field is invalid. Nothing was stored.</exception>
    /// <exception cref="CrmNotFoundException">The customer does not exist in the caller's tenant.</exception>
    Task<Interaction> RecordAsync(Interaction interaction, CancellationToken cancellationToken = default);

    /// <summary>Reads a customer's interactions, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page to read, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of the timeline.</returns>
    Task<Page<Interaction>> GetTimelineAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores many interactions in one transaction, all or none, without per-item events.</summary>
    /// <param name="interactions">The interactions.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>The number stored.</returns>
    /// <exception cref="CrmValidationException">An interaction is invalid; errors name the item index and field.</exception>
    Task<int> ImportAsync(IEnumerable<Interaction> interactions, CancellationToken cancellationToken = default);
}
