namespace Crm.Engine;

/// <summary>
/// Reports that a record was changed by someone else since it was read: the write was refused and nothing was overwritten.
/// Reload the record, reapply the change and try again.
/// </summary>
public sealed class CrmConcurrencyException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="entityType">The kind of record, such as <c>Customer</c>.</param>
    /// <param name="id">The record's identifier.</param>
    /// <param name="expectedVersion">The version the writer based its change on.</param>
    /// <param name="actualVersion">The stored version, or <see langword="null"/> when the record no longer exists.</param>
    public CrmConcurrencyException(string entityType, Guid id, long expectedVersion, long? actualVersion)
        : base(actualVersion is null
            ? $"{entityType} '{id}' was deleted by another writer; the change based on version {expectedVersion} was not applied."
            : $"{entityType} '{id}' was changed by another writer: expected version {expectedVersion} but the stored version is {actualVersion}. Reload it and apply the change again.")
    {
        EntityType = entityType;
        Id = id;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the kind of record, such as <c>Customer</c>.</summary>
    public string EntityType { get; }

    /// <summary>Gets the record's identifier.</summary>
    public Guid Id { get; }

    /// <summary>Gets the version the writer based its change on.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the stored version, or <see langword="null"/> when the record was deleted.</summary>
    public long? ActualVersion { get; }
}
