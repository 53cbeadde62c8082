namespace Crm.Engine.Storage;

/// <summary>The sales store entry point.</summary>
public partial interface IStorageSession
{
    /// <summary>Gets the tenant's leads, pipelines, deals, quotes and orders; writes join this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement the sales store.</exception>
    Sales.ISalesStore Sales => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support sales records (ISalesStore). Implement it and prove it with SalesStorageConformanceTests from Crm.Engine.Testing.");
}
