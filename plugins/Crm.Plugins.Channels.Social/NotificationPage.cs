using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Social;

/// <summary>One page of notifications as read: every entry with its id, and the mention it carried or why it was skipped.</summary>
/// <param name="Entries">The entries, in the server's order.</param>
/// <param name="Problem">Why the page as a whole could not be read, or <see langword="null"/>.</param>
internal sealed record NotificationPage(IReadOnlyList<NotificationEntry> Entries, string? Problem);

/// <summary>One notification.</summary>
/// <param name="Id">The notification id (the cursor moves past it), or <see langword="null"/> when it has none that is valid.</param>
/// <param name="Message">The mention as an inbound message, or <see langword="null"/> when skipped.</param>
/// <param name="Skipped">Why it was skipped (not a mention, or malformed, naming the JSON path), or <see langword="null"/>.</param>
internal sealed record NotificationEntry(string? Id, InboundMessage? Message, string? Skipped);
