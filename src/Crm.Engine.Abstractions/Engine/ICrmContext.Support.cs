namespace Crm.Engine;

public partial interface ICrmContext
{
    /// <summary>Gets support cases with SLAs and assignment.</summary>
    /// <exception cref="NotSupportedException">The implementation predates support.</exception>
    Support.ICaseService Cases => throw NotSupported(nameof(Cases));

    /// <summary>Gets the knowledge base.</summary>
    /// <exception cref="NotSupportedException">The implementation predates support.</exception>
    Support.IKnowledgeBase Knowledge => throw NotSupported(nameof(Knowledge));

    /// <summary>Gets proactive issue detection: alert rules and alerts.</summary>
    /// <exception cref="NotSupportedException">The implementation predates support.</exception>
    Support.IAlertService Alerts => throw NotSupported(nameof(Alerts));

    /// <summary>Gets the customer 360 view.</summary>
    /// <exception cref="NotSupportedException">The implementation predates support.</exception>
    Support.ICustomer360Service Customer360 => throw NotSupported(nameof(Customer360));
}
