using Crm.Engine.Workflows;

namespace Crm.Engine.Storage;

/// <summary>
/// Stores one tenant's workflow instances with their append-only history, durable timers and processed fire keys.
/// </summary>
/// <remarks>
/// The runtime writes a step (instance update, history entry, timer changes, fire key) inside one session
/// transaction: every member must join the session's open transaction, so the step commits or rolls back whole.
/// </remarks>
public interface IWorkflowRepository
{
    /// <summary>Reads an instance.</summary>
    /// <param name="id">The instance identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instance, or <see langword="null"/> when the tenant has none with that identifier.</returns>
    Task<WorkflowInstance?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Lists the instances that drive an entity, oldest first.</summary>
    /// <param name="entityId">The entity.</param>
    /// <param name="status">Only instances with this status, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instances.</returns>
    Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, WorkflowInstanceStatus? status, CancellationToken cancellationToken);

    /// <summary>Reads one page of the instances of a workflow, oldest first (by creation time, then identifier).</summary>
    /// <param name="query">The workflow, optionally a version and status, and the page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page and the token for the next one.</returns>
    Task<Page<WorkflowInstance>> QueryAsync(WorkflowInstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Stores a new instance with version 1.</summary>
    /// <param name="instance">The instance; its tenant must be the session's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored instance (version 1).</returns>
    /// <exception cref="CrmDuplicateException">The identifier exists already.</exception>
    /// <exception cref="CrmTenantMismatchException">The instance belongs to another tenant.</exception>
    Task<WorkflowInstance> InsertAsync(WorkflowInstance instance, CancellationToken cancellationToken);

    /// <summary>Replaces an instance if its stored version equals the instance's <see cref="WorkflowInstance.Version"/>.</summary>
    /// <param name="instance">The changed instance, carrying the version it was read at.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored instance with its version incremented.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs, or the instance is gone; nothing was written.</exception>
    /// <exception cref="CrmTenantMismatchException">The instance belongs to another tenant.</exception>
    Task<WorkflowInstance> UpdateAsync(WorkflowInstance instance, CancellationToken cancellationToken);

    /// <summary>Appends a history entry; entries are never changed or removed while the instance exists.</summary>
    /// <param name="entry">The entry; its sequence must be unique for the instance.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is written.</returns>
    /// <exception cref="CrmDuplicateException">The instance already has an entry with that sequence.</exception>
    Task AppendHistoryAsync(WorkflowHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Reads an instance's history in sequence order.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="page">The page size and continuation token.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page of the history.</returns>
    Task<Page<WorkflowHistoryEntry>> GetHistoryAsync(Guid instanceId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Stores a timer.</summary>
    /// <param name="timer">The timer; its tenant must be the session's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the timer is stored.</returns>
    /// <exception cref="CrmDuplicateException">The timer identifier exists already.</exception>
    Task AddTimerAsync(WorkflowTimer timer, CancellationToken cancellationToken);

    /// <summary>Lists an instance's pending timers, earliest due first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The timers.</returns>
    Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes one timer, for example after it fired.</summary>
    /// <param name="timerId">The timer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the timer existed.</returns>
    Task<bool> DeleteTimerAsync(Guid timerId, CancellationToken cancellationToken);

    /// <summary>Deletes an instance's timers that belong to one state, or all its timers.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The state whose timers to delete, or <see langword="null"/> for every timer of the instance.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many timers were deleted.</returns>
    Task<int> DeleteTimersAsync(Guid instanceId, string? state, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a fire with an idempotency key was processed for an instance, unless it was recorded before.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="idempotencyKey">The key; unique per instance.</param>
    /// <param name="processedAt">When the fire was processed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the key is new and was recorded; <see langword="false"/> when it was processed before.</returns>
    Task<bool> TryRecordFireKeyAsync(Guid instanceId, string idempotencyKey, DateTimeOffset processedAt, CancellationToken cancellationToken);
}
