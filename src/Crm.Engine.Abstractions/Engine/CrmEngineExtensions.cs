namespace Crm.Engine;

/// <summary>
/// Adds shortcuts to <see cref="ICrmEngine"/>.
/// </summary>
public static class CrmEngineExtensions
{
    /// <summary>Gets the services acting as the system in a tenant, for trusted back-end work.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The tenant's view of the engine.</returns>
    public static ICrmContext ForTenant(this ICrmEngine engine, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.ForCaller(CrmCaller.System(tenantId));
    }
}
