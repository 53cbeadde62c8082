using Crm.Engine.Storage;

namespace Crm.Engine.Security;

/// <summary>Selects audit records of one record or one actor, newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Gets the record type to match (with <see cref="RecordId"/>), or <see langword="null"/>.</summary>
    public string? RecordType { get; init; }

    /// <summary>Gets the record id to match, or <see langword="null"/>.</summary>
    public string? RecordId { get; init; }

    /// <summary>Gets the actor to match, or <see langword="null"/>.</summary>
    public string? Actor { get; init; }

    /// <summary>Gets the page size and continuation.</summary>
    public PageRequest Page { get; init; } = new();
}
