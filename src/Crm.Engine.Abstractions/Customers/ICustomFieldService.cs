namespace Crm.Engine;

/// <summary>
/// Manages the caller's tenant's custom field definitions, which every customer write is validated against.
/// </summary>
public interface ICustomFieldService
{
    /// <summary>Adds or replaces a definition. Existing customers are not re-validated until they are next written.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the definition is stored.</returns>
    /// <exception cref="CrmValidationException">The definition itself is invalid (bad key, pattern, range or enum list).</exception>
    Task DefineAsync(CustomFieldDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Removes a definition; stored values stay as untyped attributes.</summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether a definition was removed.</returns>
    Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the tenant's definitions ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The definitions.</returns>
    Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken cancellationToken = default);
}
