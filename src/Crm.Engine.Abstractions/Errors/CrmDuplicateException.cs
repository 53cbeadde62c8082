namespace Crm.Engine;

/// <summary>
/// Reports an insert of a record whose identifier already exists in the tenant. Nothing was overwritten.
/// </summary>
public sealed class CrmDuplicateException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="entityType">The kind of record, such as <c>Customer</c>.</param>
    /// <param name="id">The identifier that already exists.</param>
    /// <param name="innerException">The provider's error, if any.</param>
    public CrmDuplicateException(string entityType, Guid id, Exception? innerException = null)
        : base($"{entityType} '{id}' already exists; use an update to change it.", innerException)
    {
        EntityType = entityType;
        Id = id;
    }

    /// <summary>Gets the kind of record.</summary>
    public string EntityType { get; }

    /// <summary>Gets the identifier that already exists.</summary>
    public Guid Id { get; }
}
