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
    }

    /// <summary>Gets the kind of record.</summary>
    public string EntityType { get; }

    /// <summary>Gets the identifier that was not found.</summary>
    public Guid Id { get; }
}
