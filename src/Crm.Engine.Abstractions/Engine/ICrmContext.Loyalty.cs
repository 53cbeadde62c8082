namespace Crm.Engine;

/// <content>The loyalty program's service.</content>
public partial interface ICrmContext
{
    /// <summary>Gets the customers' points and tiers, through the installed loyalty program.</summary>
    /// <exception cref="NotSupportedException">No loyalty program is installed, or the implementation predates loyalty.</exception>
    Loyalty.ILoyaltyService Loyalty => throw NotSupported(nameof(Loyalty));
}
