namespace Crm.Engine;

internal sealed partial class CrmContext
{
    private Analytics.IAnalyticsService? _analytics;

    public Analytics.IAnalyticsService Analytics => _analytics ??= new Analytics.AnalyticsService(engine, Caller);
}
