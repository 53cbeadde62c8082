namespace Crm.Engine;

public partial interface ICrmContext
{
    /// <summary>Gets KPIs, reports and acquisition cost inputs.</summary>
    /// <exception cref="NotSupportedException">The implementation predates analytics.</exception>
    Analytics.IAnalyticsService Analytics => throw NotSupported(nameof(Analytics));
}
