using Crm.Engine.Events;

namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>The JSON body of an outbound webhook.</summary>
/// <param name="Id">The event id; the same on every retry, so receivers de-duplicate on it.</param>
/// <param name="Type">The event name, for example <c>customerCreated</c>.</param>
/// <param name="TenantId">The tenant the event happened in.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Data">The event itself.</param>
public sealed record OutboundWebhookEnvelope(Guid Id, string Type, string TenantId, DateTimeOffset OccurredAt, object Data);
