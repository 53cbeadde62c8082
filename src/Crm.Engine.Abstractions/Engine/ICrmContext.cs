namespace Crm.Engine;

/// <summary>
/// Groups the engine's services for one caller; every call through it is confined to the caller's tenant.
/// </summary>
public partial interface ICrmContext
{
    /// <summary>Gets the caller every call runs on behalf of.</summary>
    CrmCaller Caller { get; }

    /// <summary>Gets the customer service.</summary>
    ICustomerService Customers { get; }

    /// <summary>Gets the interaction (timeline) service.</summary>
    IInteractionService Interactions { get; }

    /// <summary>Gets the purchase history service.</summary>
    IPurchaseService Purchases { get; }

    /// <summary>Gets the workflow service: start, fire and inspect workflow instances, migrate them between versions.</summary>
    /// <exception cref="NotSupportedException">This context implementation does not provide workflows.</exception>
    /// <remarks>A default member so that other implementations of this interface (test doubles) keep compiling.</remarks>
    Workflows.IWorkflowService Workflows => throw new NotSupportedException(
        $"{GetType().Name} does not provide workflows; use the context returned by ICrmEngine.ForCaller.");
    /// <summary>Gets the custom field definitions service of the caller's tenant.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates custom fields.</exception>
    ICustomFieldService CustomFields => throw NotSupported(nameof(CustomFields));

    /// <summary>Gets duplicate detection and merge.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates merges.</exception>
    IDuplicateService Duplicates => throw NotSupported(nameof(Duplicates));

    /// <summary>Gets saved segments and RFM.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates segments.</exception>
    ISegmentService Segments => throw NotSupported(nameof(Segments));

    /// <summary>Gets CSV import and export.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates CSV transfer.</exception>
    ICsvTransferService Csv => throw NotSupported(nameof(Csv));

    /// <summary>Gets consent, data export and erasure; also the <see cref="IConsentChecker"/> senders call.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates privacy support.</exception>
    IPrivacyService Privacy => throw NotSupported(nameof(Privacy));

    /// <summary>Gets outbound messaging through the transactional outbox, and inbound message recording.</summary>
    /// <exception cref="NotSupportedException">The implementation predates messaging.</exception>
    Channels.IMessagingService Messages => throw NotSupported(nameof(Messages));

    /// <summary>Gets the message templates.</summary>
    /// <exception cref="NotSupportedException">The implementation predates templates.</exception>
    Templates.ITemplateService Templates => throw NotSupported(nameof(Templates));

    /// <summary>Gets the tenant's scheduled jobs.</summary>
    /// <exception cref="NotSupportedException">The implementation predates scheduling.</exception>
    Scheduling.IJobScheduler Scheduler => throw NotSupported(nameof(Scheduler));

    /// <summary>Gets follow-up reminders.</summary>
    /// <exception cref="NotSupportedException">The implementation predates reminders.</exception>
    Scheduling.IReminderService Reminders => throw NotSupported(nameof(Reminders));

    /// <summary>
    /// Runs <paramref name="work"/> as one unit: every write made through this context's services inside it (customers,
    /// interactions, messages enqueued, jobs scheduled, ...) shares one storage transaction that commits when the work
    /// completes and rolls back when it throws. Events are raised only after the commit.
    /// </summary>
    /// <param name="work">The work; it receives the cancellation token.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes after the commit.</returns>
    /// <exception cref="NotSupportedException">The implementation predates transactions.</exception>
    Task TransactAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) => throw NotSupported(nameof(TransactAsync));

    private NotSupportedException NotSupported(string member) =>
        new($"'{GetType().Name}' does not implement ICrmContext.{member}; use the context returned by ICrmEngine.ForCaller of Crm.Engine 0.1 or later.");
}
