namespace Crm.Engine.Support;

/// <summary>One occurrence of a detected issue: a rule matched a customer, or a case's SLA is at risk.</summary>
public sealed record Alert
{
    /// <summary>Gets the alert's id.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the rule that raised it (<c>sla-at-risk</c> for SLA warnings).</summary>
    public required string Rule { get; init; }

    /// <summary>Gets the key of the occurrence, unique per tenant: the same occurrence never raises a second alert.</summary>
    public required string OccurrenceKey { get; init; }

    /// <summary>Gets the customer concerned, if any.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the case concerned or opened, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the severity.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>Gets the message.</summary>
    public required string Message { get; init; }

    /// <summary>Gets when the alert was raised.</summary>
    public DateTimeOffset RaisedAt { get; init; }
}
