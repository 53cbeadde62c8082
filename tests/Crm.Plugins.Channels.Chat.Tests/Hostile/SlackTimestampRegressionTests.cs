using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Chat.Tests.Hostile;

/// <summary>Found by the 10k-case webhook fuzzing: a timestamp ending in a dot was accepted.</summary>
public sealed class SlackTimestampRegressionTests
{
    [Theory]
    [InlineData("1712345678.")]
    [InlineData(".000100")]
    public async Task HandleAsync_TimestampWithAnEmptySide_IsMalformed(string ts)
    {
        // "1712345678." names the same instant as "1712345678" but would have deduplicated as another message.
        var result = await SlackRequests.Handler().HandleAsync(SlackRequests.Signed(SlackRequests.MessageEvent(ts: ts)), CancellationToken.None);

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
        Assert.Contains("$.event.ts", result.Reason, StringComparison.Ordinal);
    }
}
