namespace Crm.Engine.Storage;

/// <summary>
/// Gives access to one tenant's repositories over one connection, optionally inside a transaction.
/// </summary>
/// <remarks>
/// Writes outside a transaction are committed one by one. Inside <see cref="BeginTransactionAsync"/>
/// every repository of the session takes part in the transaction. Later versions add repositories
/// as new members with default implementations, so existing providers keep compiling.
/// </remarks>
public partial interface IStorageSession : IAsyncDisposable
{
    /// <summary>Gets the tenant the session is bound to.</summary>
    string TenantId { get; }

    /// <summary>Gets the customer repository.</summary>
    ICustomerRepository Customers { get; }

    /// <summary>Gets the interaction repository.</summary>
    IInteractionRepository Interactions { get; }

    /// <summary>Gets the purchase repository.</summary>
    IPurchaseRepository Purchases { get; }

    /// <summary>Gets the workflow instance repository (instances, history, timers, processed fire keys).</summary>
    /// <exception cref="NotSupportedException">The provider does not store workflows.</exception>
    IWorkflowRepository Workflows => throw new NotSupportedException(
        $"The storage session {GetType().Name} does not store workflow instances. Implement IStorageSession.Workflows (and the workflow timer members of IStorageProvider) and prove it with WorkflowStorageConformanceTests from Crm.Engine.Testing.");

    /// <summary>Gets whether a transaction is open on this session.</summary>
    bool InTransaction { get; }

    /// <summary>
    /// Starts a transaction that every repository of this session joins until it is committed or rolled back.
    /// Disposing it without committing rolls it back.
    /// </summary>
    /// <param name="cancellationToken">Cancels starting the transaction.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="InvalidOperationException">A transaction is already open on this session.</exception>
    Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken);

    /// <summary>Gets the custom field definitions store.</summary>
    /// <exception cref="NotSupportedException">The provider predates custom fields.</exception>
    ICustomFieldStore CustomFields => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support custom fields (ICustomFieldStore). Upgrade the provider.");

    /// <summary>Gets the store behind duplicate detection and merges.</summary>
    /// <exception cref="NotSupportedException">The provider predates merges.</exception>
    IMergeStore Merges => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support duplicate detection and merges (IMergeStore). Upgrade the provider.");

    /// <summary>Gets the store of saved segments and RFM scores.</summary>
    /// <exception cref="NotSupportedException">The provider predates segments.</exception>
    ISegmentStore Segments => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support saved segments and RFM (ISegmentStore). Upgrade the provider.");

    /// <summary>Gets the store of consent and erasure.</summary>
    /// <exception cref="NotSupportedException">The provider predates privacy support.</exception>
    IPrivacyStore Privacy => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support consent and erasure (IPrivacyStore). Upgrade the provider.");

    /// <summary>Gets the tenant's transactional outbox; enqueues join this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement the outbox.</exception>
    IOutboxStore Outbox => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support the transactional outbox (IOutboxStore). Implement it and prove it with OutboxStorageConformanceTests from Crm.Engine.Testing.");

    /// <summary>Gets the tenant's inbound receipts and poller cursors.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement inbound receipts.</exception>
    IInboundStore Inbound => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support inbound receipts and cursors (IInboundStore). Implement it and prove it with OutboxStorageConformanceTests from Crm.Engine.Testing.");

    /// <summary>Gets the tenant's scheduled jobs; scheduling joins this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement scheduled jobs.</exception>
    IJobStore Jobs => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support scheduled jobs (IJobStore). Implement it and prove it with JobStorageConformanceTests from Crm.Engine.Testing.");
}
