namespace Crm.Engine;

/// <summary>
/// Reports that a record the operation needs does not exist in the caller's tenant.
/// </summary>
public sealed class CrmNotFoundException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="entityType">The kind of record, such as <c>Customer</c>.</param>
    /// <param name="id">The identifier that was not found.</param>
    public CrmNotFoundException(string entityType, Guid id)
        : base($"{entityType} '{id}' does not exist in this tenant.")
    {
        EntityType = entityType;
        Id = id;
        Key = id.ToString();
    }

    /// <summary>Initializes the exception for a record named by a key rather than a GUID (a template id, a plugin id).</summary>
    /// <param name="entityType">The kind of record, such as <c>MessageTemplate</c>.</param>
    /// <param name="key">The key that was not found.</param>
    /// <param name="detail">What else the caller should know, such as the keys that do exist; optional.</param>
    public CrmNotFoundException(string entityType, string key, string? detail = null)
        : base($"{entityType} '{key}' does not exist." + (detail is null ? "" : " " + detail))
    {
        EntityType = entityType;
        Key = key;
    }

    /// <summary>Gets the kind of record.</summary>
    public string EntityType { get; }

    /// <summary>Gets the identifier that was not found (<see cref="Guid.Empty"/> for records named by a key).</summary>
    public Guid Id { get; }

    /// <summary>Gets the identifier or key that was not found, as text.</summary>
    public string Key { get; }
}
