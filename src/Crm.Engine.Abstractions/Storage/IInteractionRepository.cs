namespace Crm.Engine.Storage;

/// <summary>
/// Stores interactions. Query filters use the fields of <see cref="Conditions.CrmFields.Interaction"/>.
/// </summary>
public interface IInteractionRepository : IRepository<Interaction>
{
    /// <summary>Reads a customer's interactions newest first (by occurrence time, then identifier).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page size and continuation token.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of the timeline.</returns>
    Task<Page<Interaction>> GetTimelineAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken);
}
