using Crm.Engine.Analytics;

namespace Crm.Engine.Storage;

public partial interface IStorageSession
{
    /// <summary>Gets the store of KPI aggregates and acquisition cost inputs.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement analytics.</exception>
    IAnalyticsStore Analytics => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support analytics (IAnalyticsStore). Implement it and prove it with AnalyticsStorageConformanceTests from Crm.Engine.Testing.");
}
