namespace Crm.Engine.Testing.Channels;

/// <summary>One message as the provider's side of a channel received it.</summary>
/// <param name="Recipient">The recipient the provider saw.</param>
/// <param name="Subject">The subject, for channels with one.</param>
/// <param name="Text">The text the provider received (for HTML-only channels, the text it displays).</param>
public sealed record ReceivedAtSink(string Recipient, string? Subject, string Text);
