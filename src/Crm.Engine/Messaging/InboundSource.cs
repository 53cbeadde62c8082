using Crm.Engine.Channels;

namespace Crm.Engine.Messaging;

/// <summary>One poller, from code or from a plugin, as the poll loop sees it.</summary>
/// <param name="Key">The key its cursor is stored under: the plugin id, or <c>code:&lt;channel&gt;</c>.</param>
/// <param name="Channel">The channel its messages belong to.</param>
/// <param name="Interval">How long to wait between polls of one tenant.</param>
/// <param name="PollAsync">Polls one tenant from a cursor.</param>
internal sealed record InboundSource(
    string Key,
    string Channel,
    TimeSpan Interval,
    Func<string, string?, CancellationToken, ValueTask<InboundPollResult>> PollAsync);
