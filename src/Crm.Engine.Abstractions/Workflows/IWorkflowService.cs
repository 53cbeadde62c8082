namespace Crm.Engine.Workflows;

/// <summary>
/// Starts and drives workflow instances for one caller, confined to the caller's tenant. Get it from
/// <see cref="ICrmContext.Workflows"/>.
/// </summary>
public interface IWorkflowService
{
    /// <summary>
    /// Starts the latest registered version of a workflow for an entity, running the initial state's entry actions and
    /// scheduling its timers in one transaction. When an instance of the workflow is already running for the entity,
    /// returns that one instead.
    /// </summary>
    /// <param name="workflowId">The workflow's identifier.</param>
    /// <param name="entityId">The customer, lead, deal or case the instance drives.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The running instance.</returns>
    /// <exception cref="CrmWorkflowConfigurationException">The workflow is not registered, or its entity kind is not supported yet.</exception>
    /// <exception cref="CrmNotFoundException">The entity does not exist in the caller's tenant.</exception>
    /// <exception cref="CrmWorkflowActionException">An entry action failed after retries; nothing was stored.</exception>
    Task<WorkflowInstance> StartAsync(string workflowId, Guid entityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires a trigger: checks the payload against the trigger's schema, evaluates guards, runs exit, transition and
    /// entry actions, and stores the new state, the history entry, timer changes and the idempotency key in one transaction.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="payloadJson">The payload as JSON, or <see langword="null"/> for none.</param>
    /// <param name="idempotencyKey">
    /// A key that makes the fire happen at most once per instance (a redelivered request with the same key does nothing),
    /// or <see langword="null"/> to always fire.
    /// </param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; <see cref="WorkflowFireResult.Applied"/> is false for an already processed key.</returns>
    /// <exception cref="CrmNotFoundException">The instance does not exist in the caller's tenant.</exception>
    /// <exception cref="CrmValidationException">The payload is not valid JSON or does not match the trigger's schema; errors name the JSON path.</exception>
    /// <exception cref="CrmWorkflowTriggerException">The current state does not accept the trigger, or the instance is completed.</exception>
    /// <exception cref="CrmWorkflowActionException">An action failed after retries; the step was rolled back.</exception>
    /// <exception cref="CrmConcurrencyException">The instance kept changing underneath the fire; nothing was written.</exception>
    Task<WorkflowFireResult> FireAsync(Guid instanceId, string trigger, string? payloadJson = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instance, or <see langword="null"/> when the caller's tenant has none with that identifier.</returns>
    Task<WorkflowInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists the instances of an entity, running and completed.</summary>
    /// <param name="entityId">The entity.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instances, oldest first.</returns>
    Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the triggers the current state handles, each with whether it can fire now and the descriptions of the
    /// guards that stop it. Guards over <c>payload.*</c> are evaluated with no payload, so they count as unmet.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers in definition order.</returns>
    /// <exception cref="CrmNotFoundException">The instance does not exist in the caller's tenant.</exception>
    Task<IReadOnlyList<WorkflowTriggerAvailability>> GetPermittedTriggersAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's history, oldest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Every processed step.</returns>
    Task<IReadOnlyList<WorkflowHistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists the pending timers of an instance, earliest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The timers.</returns>
    Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the running instances of the version named in <paramref name="toVersion"/>'s <c>migrateFrom</c> to
    /// <paramref name="toVersion"/>, mapping each state; no entry action runs and pending timers keep their due time.
    /// </summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="toVersion">The registered version to move to; it must declare <c>migrateFrom</c>.</param>
    /// <param name="dryRun">Whether to only report what would move.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan: what moved (or would move) and which states are not mapped.</returns>
    /// <exception cref="CrmWorkflowConfigurationException">The version is not registered or declares no <c>migrateFrom</c>.</exception>
    /// <exception cref="CrmValidationException">Not a dry run, and running instances are in states the map does not cover; nothing moved.</exception>
    Task<WorkflowMigrationPlan> MigrateAsync(string workflowId, int toVersion, bool dryRun, CancellationToken cancellationToken = default);
}
