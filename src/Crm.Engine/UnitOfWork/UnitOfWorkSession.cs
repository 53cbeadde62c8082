using Crm.Engine.Storage;
using Crm.Engine.Workflows;

namespace Crm.Engine;

/// <summary>
/// A service's view of the unit of work's session: every member reaches the shared session, disposing does not close
/// it, and a transaction begun here joins the unit's transaction instead of starting one.
/// </summary>
internal sealed partial class UnitOfWorkSession(AmbientUnitOfWork unit) : IStorageSession
{
    private readonly IStorageSession _inner = unit.Session;

    public string TenantId => _inner.TenantId;

    public ICustomerRepository Customers => _inner.Customers;

    public IInteractionRepository Interactions => _inner.Interactions;

    public IPurchaseRepository Purchases => _inner.Purchases;

    public IWorkflowRepository Workflows => _inner.Workflows;

    public ICustomFieldStore CustomFields => _inner.CustomFields;

    public IMergeStore Merges => _inner.Merges;

    public ISegmentStore Segments => _inner.Segments;

    public IPrivacyStore Privacy => _inner.Privacy;

    public IOutboxStore Outbox => _inner.Outbox;

    public IInboundStore Inbound => _inner.Inbound;

    public IJobStore Jobs => _inner.Jobs;

    // Every store the session offers is forwarded: one missing here makes that store throw NotSupportedException
    // inside TransactAsync only (UnitOfWorkSessionTests guards the list).
    public Sales.ISalesStore Sales => _inner.Sales;

    public Campaigns.ICampaignStore Campaigns => _inner.Campaigns;

    public Campaigns.IRecommendationStore Recommendations => _inner.Recommendations;

    public Support.ISupportStore Support => _inner.Support;

    public Loyalty.ILoyaltyStore Loyalty => _inner.Loyalty;

    public Feedback.IFeedbackStore Feedback => _inner.Feedback;

    public IAuditStore Audit => _inner.Audit;

    public Analytics.IAnalyticsStore Analytics => _inner.Analytics;

    public bool InTransaction => true;

    public ValueTask<IAsyncDisposable> BeginBulkWriteAsync(CancellationToken cancellationToken) => _inner.BeginBulkWriteAsync(cancellationToken);

    public Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IStorageTransaction>(new NestedTransaction(unit));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Commit defers to the unit; a rollback (explicit, or disposing without commit after a failure) dooms the unit,
    /// because the shared transaction cannot undo only part of its work.
    /// </summary>
    private sealed class NestedTransaction(AmbientUnitOfWork unit) : IStorageTransaction
    {
        private bool _completed;

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            _completed = true;
            return Task.CompletedTask;
        }

        public Task RollbackAsync(CancellationToken cancellationToken)
        {
            _completed = true;
            unit.MarkRollbackOnly();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_completed)
            {
                unit.MarkRollbackOnly();
            }

            return ValueTask.CompletedTask;
        }
    }
}
