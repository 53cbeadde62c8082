namespace Crm.Engine.Storage;

/// <summary>
/// Stores a tenant's custom field definitions. Reached through <see cref="IStorageSession.CustomFields"/>.
/// </summary>
public interface ICustomFieldStore
{
    /// <summary>Reads every definition of the session's tenant, ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The definitions.</returns>
    Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the definition with the same key.</summary>
    /// <param name="definition">The definition, already validated by the engine.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the definition is stored.</returns>
    Task UpsertAsync(CustomFieldDefinition definition, CancellationToken cancellationToken);

    /// <summary>Deletes a definition.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether one was deleted.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);
}
