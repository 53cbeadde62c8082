namespace Crm.Engine.Storage;

public partial interface IStorageSession
{
    /// <summary>Gets the tenant's support store: cases, SLA milestones, alerts, knowledge articles.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement support storage.</exception>
    Support.ISupportStore Support => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support cases, alerts and the knowledge base (ISupportStore). Implement it and prove it with SupportStorageConformanceTests from Crm.Engine.Testing.");
}
