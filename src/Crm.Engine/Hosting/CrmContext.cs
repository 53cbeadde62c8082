using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

/// <summary>The caller's view of the engine; services are created on first use and are stateless beyond the caller.</summary>
internal sealed partial class CrmContext(CrmEngine engine, CrmCaller caller) : ICrmContext
{
    private ICustomerService? _customers;
    private IInteractionService? _interactions;
    private IPurchaseService? _purchases;
    private Workflows.IWorkflowService? _workflows;
    private ICustomFieldService? _customFields;
    private IDuplicateService? _duplicates;
    private ISegmentService? _segments;
    private ICsvTransferService? _csv;
    private IPrivacyService? _privacy;
    private Channels.IMessagingService? _messages;
    private Scheduling.IJobScheduler? _scheduler;
    private Scheduling.IReminderService? _reminders;

    public CrmCaller Caller { get; } = caller;

    public ICustomerService Customers => _customers ??= new CustomerService(engine, Caller);

    public ICustomFieldService CustomFields => _customFields ??= new CustomFieldService(engine, Caller);

    public IDuplicateService Duplicates => _duplicates ??= new DuplicateService(engine, Caller, (CustomerService)Customers);

    public ISegmentService Segments => _segments ??= new SegmentService(engine, Caller);

    public ICsvTransferService Csv => _csv ??= new CsvTransferService(engine, Caller, (CustomerService)Customers);

    public IPrivacyService Privacy => _privacy ??= new PrivacyService(engine, Caller);

    public IInteractionService Interactions => _interactions ??= new InteractionService(engine, Caller);

    public IPurchaseService Purchases => _purchases ??= new PurchaseService(engine, Caller);

    public Channels.IMessagingService Messages => _messages ??= new Messaging.MessagingService(engine, Caller, this);

    public Templates.ITemplateService Templates => new Templates.TemplateService(engine.Services.GetRequiredService<Templates.TemplateRegistry>(), engine, Caller);

    public Scheduling.IJobScheduler Scheduler => _scheduler ??= new Scheduling.JobScheduler(engine, Caller);

    public Scheduling.IReminderService Reminders => _reminders ??= new Scheduling.ReminderService(this);

    public Workflows.IWorkflowService Workflows => _workflows ??= new Workflows.WorkflowService(engine, Caller);

    public Task TransactAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return AmbientUnitOfWork.RunAsync(engine, Caller, work, cancellationToken);
    }
}
