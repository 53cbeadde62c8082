namespace Crm.Engine;

/// <summary>The sales services of the caller's context.</summary>
internal sealed partial class CrmContext
{
    private Sales.ILeadService? _leads;
    private Sales.DealService? _deals;
    private Sales.IQuoteService? _quotes;

    public Sales.ILeadService Leads => _leads ??= new Sales.LeadService(engine, Caller, (CustomerService)Customers, (Sales.DealService)Deals);

    public Sales.IDealService Deals => _deals ??= new Sales.DealService(engine, Caller);

    public Sales.IQuoteService Quotes => _quotes ??= new Sales.QuoteService(engine, Caller, (PurchaseService)Purchases);
}
