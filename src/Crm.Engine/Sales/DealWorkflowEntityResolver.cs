using Crm.Engine.Storage;
using Crm.Engine.Workflows;

namespace Crm.Engine.Sales;

/// <summary>Loads deals for workflows whose entity is <c>deal</c>, through the step's session.</summary>
internal sealed class DealWorkflowEntityResolver : IWorkflowEntityResolver
{
    public IReadOnlyCollection<string> EntityKinds { get; } = ["deal"];

    public async Task<WorkflowEntitySnapshot?> LoadAsync(IStorageSession session, string entityKind, Guid entityId, bool includeRelations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var deal = await session.Sales.GetDealAsync(entityId, cancellationToken).ConfigureAwait(false);
        return deal is null ? null : new WorkflowEntitySnapshot(new DealConditionTarget(deal), deal.Version);
    }
}
