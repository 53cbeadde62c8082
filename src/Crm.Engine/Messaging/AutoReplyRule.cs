namespace Crm.Engine.Messaging;

/// <summary>
/// Answers routine inquiries: when an inbound message matches <see cref="Condition"/>, the template
/// <see cref="TemplateId"/> is rendered for the sender and sent back on the same channel through the outbox.
/// </summary>
public sealed class AutoReplyRule
{
    /// <summary>Gets or sets the rule's name, unique among the rules; it appears in logs and the reply's idempotency key.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Gets or sets the condition (JSON, in the condition language) over the inbound message: <c>channel</c>,
    /// <c>subject</c>, <c>body</c>, <c>sender</c>, <c>senderName</c>, <c>newLead</c> (the sender was unknown),
    /// and the sender's <c>lifecycleStage</c> and <c>tags</c>. Example:
    /// <c>{ "field": "body", "op": "contains", "value": "opening hours" }</c>.
    /// </summary>
    public string Condition { get; set; } = "";

    /// <summary>Gets or sets the template of the reply.</summary>
    public string TemplateId { get; set; } = "";

    /// <summary>
    /// Gets or sets how long after an auto-reply by this rule the same customer gets no other one from it, so a
    /// conversation does not turn into a loop of replies. Default one day.
    /// </summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromDays(1);
}
