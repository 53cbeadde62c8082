namespace Crm.Engine;

/// <summary>The caller's view of the engine; services are created on first use and are stateless beyond the caller.</summary>
internal sealed class CrmContext(CrmEngine engine, CrmCaller caller) : ICrmContext
{
    private ICustomerService? _customers;
    private IInteractionService? _interactions;
    private IPurchaseService? _purchases;
    private Workflows.IWorkflowService? _workflows;

    public CrmCaller Caller { get; } = caller;

    public ICustomerService Customers => _customers ??= new CustomerService(engine, Caller);

    public IInteractionService Interactions => _interactions ??= new InteractionService(engine, Caller);

    public IPurchaseService Purchases => _purchases ??= new PurchaseService(engine, Caller);

    public Workflows.IWorkflowService Workflows => _workflows ??= new Workflows.WorkflowService(engine, Caller);
}
