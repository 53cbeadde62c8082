namespace Crm.Engine;

/// <summary>Forwards the sales store to the unit's session.</summary>
internal sealed partial class UnitOfWorkSession
{
    public Sales.ISalesStore Sales => _inner.Sales;
}
