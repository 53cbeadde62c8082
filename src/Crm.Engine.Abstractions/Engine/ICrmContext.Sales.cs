namespace Crm.Engine;

/// <summary>Sales entry points: leads, pipelines and deals, quotes and orders.</summary>
public partial interface ICrmContext
{
    /// <summary>Gets leads: capture, BANT qualification, scoring, conversion.</summary>
    /// <exception cref="NotSupportedException">The implementation predates sales.</exception>
    Sales.ILeadService Leads => throw NotSupported(nameof(Leads));

    /// <summary>Gets pipelines, deals, stage moves, forecasts and pipeline KPIs.</summary>
    /// <exception cref="NotSupportedException">The implementation predates sales.</exception>
    Sales.IDealService Deals => throw NotSupported(nameof(Deals));

    /// <summary>Gets quotes and orders.</summary>
    /// <exception cref="NotSupportedException">The implementation predates sales.</exception>
    Sales.IQuoteService Quotes => throw NotSupported(nameof(Quotes));
}
