using Crm.Engine.Channels;
using Crm.Engine.Scheduling;
using Crm.Engine.Workflows;

namespace Crm.Engine.Storage;

/// <summary>
/// Stores CRM records in a database. The engine uses exactly one provider; ISVs implement this contract
/// and prove it with the conformance kit in <c>Crm.Engine.Testing</c>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the engine calls <see cref="OpenSessionAsync"/> concurrently.
/// A session is used by one logical operation at a time.
/// </remarks>
public interface IStorageProvider
{
    /// <summary>Gets a short name for logs and diagnostics, such as <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Creates or upgrades the schema. Must be idempotent and safe to call on every start.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration; a partly applied step is rolled back.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a session bound to one tenant: every read and write through it sees and touches only that tenant's records.
    /// </summary>
    /// <param name="tenantId">The tenant; must not be empty.</param>
    /// <param name="cancellationToken">Cancels opening the connection.</param>
    /// <returns>The session; dispose it to release the connection.</returns>
    ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Leases due workflow timers of every tenant to one scheduler: a timer that is due and not leased (or whose lease
    /// expired) is leased to <see cref="WorkflowTimerClaim.LeaseOwner"/> atomically, so that several engines on one
    /// database each get a timer at most once per lease.
    /// </summary>
    /// <param name="claim">The current time, the lease owner and duration, and the most timers to claim.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed timers with their tenants, earliest due first.</returns>
    /// <exception cref="NotSupportedException">The provider does not store workflows.</exception>
    Task<IReadOnlyList<ClaimedWorkflowTimer>> ClaimDueWorkflowTimersAsync(WorkflowTimerClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not store workflow timers. Implement IStorageProvider.ClaimDueWorkflowTimersAsync to run workflows on it.");

    /// <summary>Finds when the earliest workflow timer of any tenant is due, leased or not.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The earliest due time, or <see langword="null"/> when no timer is pending.</returns>
    /// <exception cref="NotSupportedException">The provider does not store workflows.</exception>
    Task<DateTimeOffset?> GetNextWorkflowTimerDueAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not store workflow timers. Implement IStorageProvider.GetNextWorkflowTimerDueAsync to run workflows on it.");

    /// <summary>Lists the tenants that have instances of a workflow, for maintenance across tenants such as migrations.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tenant identifiers, in ordinal order.</returns>
    /// <exception cref="NotSupportedException">The provider does not store workflows.</exception>
    Task<IReadOnlyList<string>> GetWorkflowTenantsAsync(string workflowId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not store workflow instances. Implement IStorageProvider.GetWorkflowTenantsAsync to migrate workflows on it.");

    /// <summary>
    /// Leases due outbox messages (pending, due, not leased or with an expired lease) of every tenant to one dispatcher,
    /// oldest due first. Atomic: two instances never hold a lease on one message at the same time.
    /// </summary>
    /// <param name="claim">Who claims, when, for how long, and how many.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The claimed messages, ordered by due time.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement the outbox.</exception>
    Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimDueOutboxMessagesAsync(LeaseClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not implement the transactional outbox (IStorageProvider.ClaimDueOutboxMessagesAsync).");

    /// <summary>Gets the earliest time any pending outbox message becomes claimable (its due time, or its lease's expiry).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The time, or <see langword="null"/> when nothing is pending.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement the outbox.</exception>
    Task<DateTimeOffset?> GetNextOutboxDueAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not implement the transactional outbox (IStorageProvider.GetNextOutboxDueAsync).");

    /// <summary>Leases due scheduled jobs of every tenant to one engine instance, soonest due first; atomic like <see cref="ClaimDueOutboxMessagesAsync"/>.</summary>
    /// <param name="claim">Who claims, when, for how long, and how many.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The claimed jobs, ordered by due time.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement scheduled jobs.</exception>
    Task<IReadOnlyList<ClaimedScheduledJob>> ClaimDueJobsAsync(LeaseClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not implement scheduled jobs (IStorageProvider.ClaimDueJobsAsync).");

    /// <summary>Gets the earliest time any pending scheduled job becomes claimable.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The time, or <see langword="null"/> when nothing is pending.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement scheduled jobs.</exception>
    Task<DateTimeOffset?> GetNextJobDueAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The storage provider '{Name}' does not implement scheduled jobs (IStorageProvider.GetNextJobDueAsync).");
}
