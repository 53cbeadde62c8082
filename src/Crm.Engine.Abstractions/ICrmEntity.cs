namespace Crm.Engine;

/// <summary>
/// Describes what every stored CRM record has: an identity, the tenant that owns it and a version for optimistic concurrency.
/// </summary>
public interface ICrmEntity
{
    /// <summary>Gets the record's identifier, unique within its tenant.</summary>
    Guid Id { get; }

    /// <summary>Gets the tenant that owns the record. No query or write crosses tenants.</summary>
    string TenantId { get; }

    /// <summary>
    /// Gets the stored version: 0 for a record not yet stored, 1 after insert, incremented by every update.
    /// An update whose version differs from the stored one fails with <see cref="CrmConcurrencyException"/>.
    /// </summary>
    long Version { get; }
}
