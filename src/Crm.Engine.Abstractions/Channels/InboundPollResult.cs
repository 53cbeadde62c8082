namespace Crm.Engine.Channels;

/// <summary>The messages one poll fetched and where the next poll continues.</summary>
/// <param name="Messages">The new messages, oldest first.</param>
/// <param name="NextCursor">The cursor for the next poll; <see langword="null"/> keeps the previous one.</param>
public sealed record InboundPollResult(IReadOnlyList<InboundMessage> Messages, string? NextCursor);
