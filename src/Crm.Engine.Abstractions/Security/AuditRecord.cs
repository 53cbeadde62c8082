namespace Crm.Engine.Security;

/// <summary>One write, as the append-only audit log keeps it: who changed which record, when, through what, and how.</summary>
public sealed record AuditRecord
{
    /// <summary>Gets the record's id (the domain event's id, so one write is audited once).</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets when the write happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the user or engine component that wrote.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets through which channel the write came (<see cref="CrmOrigin"/> as text: <c>api</c>, <c>plugin:acme.sync</c>, ...).</summary>
    public required string Origin { get; init; }

    /// <summary>Gets the kind of record written, such as <c>Customer</c>.</summary>
    public required string RecordType { get; init; }

    /// <summary>Gets the written record's id, or an empty string for writes without one.</summary>
    public required string RecordId { get; init; }

    /// <summary>
    /// Gets the customer the write concerns (the customer itself, or the customer of an interaction or purchase), so an
    /// erasure can redact the values of every record about that person; <see langword="null"/> when none.
    /// </summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets what happened: the domain event's name, such as <c>CustomerUpdated</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets the fields that changed, with their values before and after; unchanged fields are left out.</summary>
    public IReadOnlyList<AuditFieldChange> Changes { get; init; } = [];
}
