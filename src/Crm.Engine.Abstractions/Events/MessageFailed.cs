using Crm.Engine.Channels;

namespace Crm.Engine.Events;

/// <summary>Raised when an outbox message reached a final status other than delivered: dead-lettered or suppressed for lack of consent.</summary>
/// <param name="Message">The message, with its status and last error.</param>
public sealed record MessageFailed(OutboxMessage Message) : CrmEvent;
