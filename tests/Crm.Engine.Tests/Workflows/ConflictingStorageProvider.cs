using Crm.Engine.Storage;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

/// <summary>
/// Wraps a provider so that the next N workflow instance updates fail as if another engine had changed the instance
/// first: the optimistic-concurrency path that SQLite's single writer never takes on its own.
/// </summary>
internal sealed class ConflictingStorageProvider(IStorageProvider inner) : IStorageProvider
{
    private int _conflictsLeft;

    public int Conflicts;

    public string Name => inner.Name;

    public void ConflictNext(int count) => _conflictsLeft = count;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public async ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken) =>
        new Session(this, await inner.OpenSessionAsync(tenantId, cancellationToken));

    public Task<IReadOnlyList<ClaimedWorkflowTimer>> ClaimDueWorkflowTimersAsync(WorkflowTimerClaim claim, CancellationToken cancellationToken) =>
        inner.ClaimDueWorkflowTimersAsync(claim, cancellationToken);

    public Task<DateTimeOffset?> GetNextWorkflowTimerDueAsync(CancellationToken cancellationToken) => inner.GetNextWorkflowTimerDueAsync(cancellationToken);

    public Task<IReadOnlyList<string>> GetWorkflowTenantsAsync(string workflowId, CancellationToken cancellationToken) => inner.GetWorkflowTenantsAsync(workflowId, cancellationToken);

    private bool TakeConflict()
    {
        if (Interlocked.Decrement(ref _conflictsLeft) < 0)
        {
            return false;
        }

        Interlocked.Increment(ref Conflicts);
        return true;
    }

    private sealed class Session(ConflictingStorageProvider owner, IStorageSession inner) : IStorageSession
    {
        public string TenantId => inner.TenantId;

        public ICustomerRepository Customers => inner.Customers;

        public IInteractionRepository Interactions => inner.Interactions;

        public IPurchaseRepository Purchases => inner.Purchases;

        public IWorkflowRepository Workflows => new Repository(owner, inner.Workflows);

        public bool InTransaction => inner.InTransaction;

        public Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken) => inner.BeginTransactionAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Repository(ConflictingStorageProvider owner, IWorkflowRepository inner) : IWorkflowRepository
    {
        public Task<WorkflowInstance> UpdateAsync(WorkflowInstance instance, CancellationToken cancellationToken) =>
            owner.TakeConflict() ? throw new CrmConcurrencyException(nameof(WorkflowInstance), instance.Id, instance.Version, instance.Version + 1) : inner.UpdateAsync(instance, cancellationToken);

        public Task<WorkflowInstance?> GetAsync(Guid id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, WorkflowInstanceStatus? status, CancellationToken cancellationToken) => inner.GetByEntityAsync(entityId, status, cancellationToken);

        public Task<Page<WorkflowInstance>> QueryAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<WorkflowInstance> InsertAsync(WorkflowInstance instance, CancellationToken cancellationToken) => inner.InsertAsync(instance, cancellationToken);

        public Task AppendHistoryAsync(WorkflowHistoryEntry entry, CancellationToken cancellationToken) => inner.AppendHistoryAsync(entry, cancellationToken);

        public Task<Page<WorkflowHistoryEntry>> GetHistoryAsync(Guid instanceId, PageRequest page, CancellationToken cancellationToken) => inner.GetHistoryAsync(instanceId, page, cancellationToken);

        public Task AddTimerAsync(WorkflowTimer timer, CancellationToken cancellationToken) => inner.AddTimerAsync(timer, cancellationToken);

        public Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken) => inner.GetTimersAsync(instanceId, cancellationToken);

        public Task<bool> DeleteTimerAsync(Guid timerId, CancellationToken cancellationToken) => inner.DeleteTimerAsync(timerId, cancellationToken);

        public Task<int> DeleteTimersAsync(Guid instanceId, string? state, CancellationToken cancellationToken) => inner.DeleteTimersAsync(instanceId, state, cancellationToken);

        public Task<bool> TryRecordFireKeyAsync(Guid instanceId, string idempotencyKey, DateTimeOffset processedAt, CancellationToken cancellationToken) =>
            inner.TryRecordFireKeyAsync(instanceId, idempotencyKey, processedAt, cancellationToken);
    }
}
