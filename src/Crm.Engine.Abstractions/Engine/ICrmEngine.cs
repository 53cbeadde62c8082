namespace Crm.Engine;

/// <summary>
/// Is the entry point of an embedded CRM: resolve it from the service provider, initialize it once, and work
/// through a per-caller <see cref="ICrmContext"/>.
/// </summary>
public interface ICrmEngine : IAsyncDisposable
{
    /// <summary>
    /// Prepares storage (migrations) and starts background work. Idempotent; services also call it on first use.
    /// </summary>
    /// <param name="cancellationToken">Cancels initialization.</param>
    /// <returns>A task that completes when the engine is ready.</returns>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the services acting on behalf of a caller, confined to the caller's tenant.</summary>
    /// <param name="caller">The caller.</param>
    /// <returns>The caller's view of the engine; cheap to create.</returns>
    ICrmContext ForCaller(CrmCaller caller);
}
