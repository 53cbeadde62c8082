using Crm.Engine.Storage;

namespace Crm.Engine.Workflows;

/// <summary>
/// Loads the entity a workflow instance drives, for one entity kind: the seam through which new aggregates (deals,
/// cases) join the workflow runtime. Register implementations in the service collection.
/// </summary>
/// <remarks>
/// Implementations read through the given session, which is the step's transaction, so guards see the same data the
/// step's actions write.
/// </remarks>
public interface IWorkflowEntityResolver
{
    /// <summary>Gets the entity kinds this resolver loads, as written in definitions (<c>customer</c>, <c>lead</c>...).</summary>
    IReadOnlyCollection<string> EntityKinds { get; }

    /// <summary>Loads an entity.</summary>
    /// <param name="session">The tenant session of the step.</param>
    /// <param name="entityKind">The entity kind, one of <see cref="EntityKinds"/>.</param>
    /// <param name="entityId">The entity's identifier.</param>
    /// <param name="includeRelations">Whether guards need related records or aggregates (such as interactions or <c>totalSpent</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entity, or <see langword="null"/> when the tenant has none with that identifier.</returns>
    Task<WorkflowEntitySnapshot?> LoadAsync(IStorageSession session, string entityKind, Guid entityId, bool includeRelations, CancellationToken cancellationToken);
}
