using Crm.Engine.Channels;

namespace Crm.Engine.Events;

/// <summary>Raised after a message was committed to the outbox; the dispatcher sends it when it is due.</summary>
/// <param name="Message">The message as enqueued.</param>
public sealed record MessageQueued(OutboxMessage Message) : CrmEvent;
