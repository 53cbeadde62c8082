using Crm.Engine.Channels;

namespace Crm.Engine.Events;

/// <summary>Raised after the outbox delivered a message and recorded it as an outbound interaction.</summary>
/// <param name="Message">The message, with its provider message id and interaction id.</param>
public sealed record MessageDelivered(OutboxMessage Message) : CrmEvent;
