namespace Crm.Engine.Storage;

/// <content>The loyalty ledger.</content>
public partial interface IStorageSession
{
    /// <summary>Gets the tenant's loyalty ledger and accounts; appends join this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement the loyalty ledger.</exception>
    Loyalty.ILoyaltyStore Loyalty => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support the loyalty ledger (ILoyaltyStore). Implement it and prove it with LoyaltyStorageConformanceTests from Crm.Engine.Testing.");
}
