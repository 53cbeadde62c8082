namespace Crm.Engine.Scheduling;

/// <summary>A follow-up reminder about a customer, due at a time, for a user.</summary>
public sealed record ReminderRequest
{
    /// <summary>Gets the customer the reminder is about.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets when the reminder is due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Gets what to do, such as <c>Call back about the renewal</c>.</summary>
    public required string Note { get; init; }

    /// <summary>Gets the user to remind; the customer's owner when omitted.</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Gets a key that makes the reminder unique (scheduling it again replaces it); generated when omitted.</summary>
    public string? Key { get; init; }
}
