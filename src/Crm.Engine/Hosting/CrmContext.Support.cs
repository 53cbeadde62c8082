using Crm.Engine.Support;

namespace Crm.Engine;

internal sealed partial class CrmContext
{
    private ICaseService? _cases;
    private IKnowledgeBase? _knowledge;
    private IAlertService? _alerts;
    private ICustomer360Service? _customer360;

    public ICaseService Cases => _cases ??= new CaseService(engine, Caller);

    public IKnowledgeBase Knowledge => _knowledge ??= new KnowledgeBase(engine, Caller);

    public IAlertService Alerts => _alerts ??= new AlertService(engine, Caller);

    public ICustomer360Service Customer360 => _customer360 ??= new Customer360Service(engine, Caller);
}
