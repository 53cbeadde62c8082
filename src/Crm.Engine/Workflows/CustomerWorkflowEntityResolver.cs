using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine.Workflows;

/// <summary>
/// Loads customers (and leads, which are customer records early in the lifecycle) for workflow guards; interactions
/// and purchases are read only when a guard of the trigger needs relations or aggregates.
/// </summary>
internal sealed class CustomerWorkflowEntityResolver : IWorkflowEntityResolver
{
    private const int PageSize = 1_000;

    public IReadOnlyCollection<string> EntityKinds { get; } = ["customer", "lead"];

    public async Task<WorkflowEntitySnapshot?> LoadAsync(IStorageSession session, string entityKind, Guid entityId, bool includeRelations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var customer = await session.Customers.GetAsync(entityId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return null;
        }

        if (!includeRelations)
        {
            return new WorkflowEntitySnapshot(new CustomerConditionTarget(customer), customer.Version);
        }

        var interactions = await ReadAllAsync((page, ct) => session.Interactions.GetTimelineAsync(entityId, page, ct), cancellationToken).ConfigureAwait(false);
        var purchases = await ReadAllAsync((page, ct) => session.Purchases.ListByCustomerAsync(entityId, page, ct), cancellationToken).ConfigureAwait(false);

        // The catalog's 'cases' relation (support branch); a provider without a support store has no cases to offer.
        var support = SupportOf(session);
        var cases = support is null
            ? []
            : await ReadAllAsync((page, ct) => support.QueryCasesAsync(new Support.CaseQuery { CustomerId = entityId, Page = page }, ct), cancellationToken).ConfigureAwait(false);
        return new WorkflowEntitySnapshot(new CustomerConditionTarget(customer, interactions, purchases, cases), customer.Version);
    }

    private static Support.ISupportStore? SupportOf(IStorageSession session)
    {
        try
        {
            return session.Support;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(Func<PageRequest, CancellationToken, Task<Page<T>>> read, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var page = new PageRequest(PageSize);
        while (true)
        {
            var result = await read(page, cancellationToken).ConfigureAwait(false);
            all.AddRange(result.Items);
            if (result.ContinuationToken is null)
            {
                return all;
            }

            page = page with { ContinuationToken = result.ContinuationToken };
        }
    }
}
