namespace Crm.Engine.Messaging;

/// <summary>
/// Follows up on unanswered messages: when a message on <see cref="Channel"/> with <see cref="Purpose"/> is
/// delivered and the customer has not written back within <see cref="After"/>, the engine reminds the customer's
/// owner (a task on the timeline and a <see cref="Events.ReminderDue"/> event) and, when <see cref="TemplateId"/> is
/// set, sends that template as a follow-up message.
/// </summary>
public sealed class FollowUpRule
{
    /// <summary>Gets or sets the rule's name, unique among the rules.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the channel whose delivered messages are followed up.</summary>
    public string Channel { get; set; } = InteractionChannels.Email;

    /// <summary>Gets or sets the purpose the messages must have; <see langword="null"/> for any.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the template the original message must come from; <see langword="null"/> for any.</summary>
    public string? WhenTemplateId { get; set; }

    /// <summary>Gets or sets how long to wait for an answer.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the reminder's note.</summary>
    public string Note { get; set; } = "No reply yet: follow up.";

    /// <summary>Gets or sets the template of an automatic follow-up message; <see langword="null"/> for a reminder only.</summary>
    public string? TemplateId { get; set; }
}
