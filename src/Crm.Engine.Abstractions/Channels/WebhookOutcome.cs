namespace Crm.Engine.Channels;

/// <summary>What the engine did with one webhook request.</summary>
/// <param name="Result">The handler's verdict (accepted with messages, or rejected with a reason).</param>
/// <param name="Received">What happened to each accepted message; empty when rejected.</param>
public sealed record WebhookOutcome(InboundWebhookResult Result, IReadOnlyList<InboundResult> Received);
