namespace Crm.Engine.Storage;

/// <summary>
/// Stores CRM records in a database. The engine uses exactly one provider; ISVs implement this contract
/// and prove it with the conformance kit in <c>Crm.Engine.Testing</c>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the engine calls <see cref="OpenSessionAsync"/> concurrently.
/// A session is used by one logical operation at a time.
/// </remarks>
public interface IStorageProvider
{
    /// <summary>Gets a short name for logs and diagnostics, such as <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Creates or upgrades the schema. Must be idempotent and safe to call on every start.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration; a partly applied step is rolled back.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a session bound to one tenant: every read and write through it sees and touches only that tenant's records.
    /// </summary>
    /// <param name="tenantId">The tenant; must not be empty.</param>
    /// <param name="cancellationToken">Cancels opening the connection.</param>
    /// <returns>The session; dispose it to release the connection.</returns>
    ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken);
}
