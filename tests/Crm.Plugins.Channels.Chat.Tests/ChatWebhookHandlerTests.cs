using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class ChatWebhookHandlerTests
{
    private readonly ChatWebhookHandler _handler = SlackRequests.Handler();

    private Task<InboundWebhookResult> HandleAsync(string body) =>
        _handler.HandleAsync(SlackRequests.Signed(body), CancellationToken.None).AsTask();

    [Fact]
    public void Channel_IsChat() => Assert.Equal("chat", _handler.Channel);

    [Fact]
    public async Task UrlVerification_AnswersWithTheChallenge()
    {
        var result = await HandleAsync("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Messages);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", result.ResponseBody);
    }

    [Fact]
    public async Task MessageEvent_BecomesAnInboundMessage()
    {
        var result = await HandleAsync(SlackRequests.MessageEvent(text: "Hi, where is my order?", user: "U0ANA", channel: "D0DIRECT", ts: "1712345678.000100"));

        var message = Assert.Single(result.Messages);
        Assert.Equal("chat", message.Channel);
        Assert.Equal("D0DIRECT:1712345678.000100", message.ExternalId);
        Assert.Equal("U0ANA", message.SenderAddress);
        Assert.Equal("Hi, where is my order?", message.TextBody);
        Assert.Null(message.InReplyTo);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1712345678).AddTicks(1000), message.ReceivedAt);
        Assert.Equal("D0DIRECT", message.Metadata["channel"]);
        Assert.Equal("T0TEAM", message.Metadata["team"]);
        Assert.False(message.Metadata.ContainsKey("thread"));
        Assert.Null(result.ResponseBody);
    }

    [Fact]
    public async Task ThreadReply_NamesItsParentInTheMessagesIdFormat()
    {
        var result = await HandleAsync(SlackRequests.MessageEvent(channel: "C0SUPPORT", ts: "1712345699.000200", threadTs: "1712345678.000100"));

        var message = Assert.Single(result.Messages);
        Assert.Equal("C0SUPPORT:1712345678.000100", message.InReplyTo);
        Assert.Equal("1712345678.000100", message.Metadata["thread"]);
    }

    [Fact]
    public async Task ThreadParent_WhoseThreadTsIsItsOwnTs_RepliesToNothing()
    {
        var result = await HandleAsync(SlackRequests.MessageEvent(ts: "1712345678.000100", threadTs: "1712345678.000100"));

        Assert.Null(Assert.Single(result.Messages).InReplyTo);
    }

    [Fact]
    public async Task SameMessageDeliveredTwice_HasTheSameExternalId()
    {
        var first = await HandleAsync(SlackRequests.MessageEvent());
        var retry = await HandleAsync(SlackRequests.MessageEvent());

        Assert.Equal(first.Messages[0].ExternalId, retry.Messages[0].ExternalId);
    }

    [Fact]
    public async Task SlackMarkup_IsTurnedIntoPlainText()
    {
        var result = await HandleAsync(SlackRequests.MessageEvent(text: "Hey <@U0BOB>, see <https://shop.example/o/42|order 42> in <#C0SALES|sales> &amp; <!here>: 3 &lt; 4"));

        Assert.Equal("Hey @U0BOB, see order 42 (https://shop.example/o/42) in #sales & @here: 3 < 4", Assert.Single(result.Messages).TextBody);
    }

    [Fact]
    public async Task UserProfile_GivesTheSenderName()
    {
        var result = await HandleAsync(SlackRequests.MessageEvent(extra: """, "user_profile": { "real_name": "Ana Lima", "display_name": "ana" }"""));

        Assert.Equal("ana", Assert.Single(result.Messages).SenderName);
    }

    [Theory]
    [InlineData("""{"type":"event_callback","event":{"type":"message","subtype":"bot_message","bot_id":"B1","text":"beep","ts":"1.1","channel":"C1"}}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","bot_id":"B1","user":"U1","text":"beep","ts":"1.1","channel":"C1"}}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","subtype":"message_changed","channel":"C1","ts":"1.1"}}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","subtype":"channel_join","user":"U1","text":"joined","ts":"1.1","channel":"C1"}}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"reaction_added","user":"U1","reaction":"thumbsup"}}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":"U1","text":"  ","ts":"1.1","channel":"C1"}}""")]
    [InlineData("""{"type":"app_rate_limited","minute_rate_limited":1518467820}""")]
    public async Task EventsThatAreNotACustomerWriting_AreAcceptedWithNoMessages(string body)
    {
        var result = await HandleAsync(body);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task FileShareWithCaption_IsAMessage()
    {
        var result = await HandleAsync("""{"type":"event_callback","event":{"type":"message","subtype":"file_share","user":"U1","text":"invoice attached","ts":"1.1","channel":"C1"}}""");

        Assert.Equal("invoice attached", Assert.Single(result.Messages).TextBody);
    }

    [Fact]
    public async Task UnknownPayloadType_IsUnsupported()
    {
        var result = await HandleAsync("""{"type":"block_actions","actions":[]}""");

        Assert.Equal(InboundRejectionKind.Unsupported, result.Rejection);
        Assert.Contains("'block_actions'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedTypeThatIsNotAToken_IsNotEchoed()
    {
        var result = await HandleAsync("""{"type":"ana@example.com wrote <b>this</b>"}""");

        Assert.Equal(InboundRejectionKind.Unsupported, result.Rejection);
        Assert.DoesNotContain("ana@example.com", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"user\": \"U0ANA\",", "'$.event.user' is required")]
    [InlineData("\"channel\": \"D0DIRECT\",", "'$.event.channel' is required")]
    [InlineData("\"ts\": \"1712345678.000100\",", "'$.event.ts' is required")]
    [InlineData("\"text\": \"Hi, where is my order?\",", "'$.event.text' is required")]
    public async Task MessageWithoutARequiredField_IsMalformedNamingThePath(string removed, string reason)
    {
        var body = SlackRequests.MessageEvent().Replace(removed, "", StringComparison.Ordinal);
        Assert.NotEqual(SlackRequests.MessageEvent(), body);

        var result = await HandleAsync(body);

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[]""", "'$' must be an object, not an array")]
    [InlineData("""{}""", "'$.type' is required")]
    [InlineData("""{"type":7}""", "'$.type' must be a string, not a number")]
    [InlineData("""{"type":"url_verification"}""", "'$.challenge' is required")]
    [InlineData("""{"type":"event_callback"}""", "'$.event' is required")]
    [InlineData("""{"type":"event_callback","event":"message"}""", "'$.event' must be an object, not a string")]
    [InlineData("""{"type":"event_callback","event":{}}""", "'$.event.type' is required")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":["U1"],"text":"x","ts":"1.1","channel":"C1"}}""", "'$.event.user' must be a string, not an array")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":"U1","text":"x","ts":"yesterday","channel":"C1"}}""", "'$.event.ts' is not a Slack timestamp")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":"U1","text":"x","ts":"1.1","thread_ts":1.1,"channel":"C1"}}""", "'$.event.thread_ts' must be a string, not a number")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":"U1","text":"x","ts":"1.1","thread_ts":"1.x","channel":"C1"}}""", "'$.event.thread_ts' is not a Slack timestamp")]
    [InlineData("""{"type":"event_callback","team_id":false,"event":{"type":"message","user":"U1","text":"x","ts":"1.1","channel":"C1"}}""", "'$.team_id' must be a string, not a boolean")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","user":"","text":"x","ts":"1.1","channel":"C1"}}""", "'$.event.user' must not be empty")]
    public async Task MalformedPayload_IsRejectedNamingThePath(string body, string reason)
    {
        var result = await HandleAsync(body);

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
        Assert.Empty(result.Messages);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":")]
    [InlineData("type=url_verification")]
    public async Task BodyThatIsNotJson_IsMalformed(string body)
    {
        var result = await HandleAsync(body);

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
        Assert.Matches("not valid JSON|is empty", result.Reason);
    }

    [Fact]
    public async Task DeeplyNestedBody_IsMalformedNotAStackOverflow()
    {
        var result = await HandleAsync(new string('[', 10_000) + new string(']', 10_000));

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
    }

    [Fact]
    public async Task InvalidUtf8InAString_IsMalformed()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(SlackRequests.MessageEvent(text: "PLACEHOLDER"));
        var at = body.AsSpan().IndexOf("PLACEHOLDER"u8);
        body[at] = 0xFF;

        var result = await _handler.HandleAsync(SlackRequests.Signed(body), CancellationToken.None);

        Assert.Equal(InboundRejectionKind.Malformed, result.Rejection);
    }

    [Fact]
    public async Task OtherMethodThanPost_IsUnsupported()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent()) with { Method = "GET" };

        var result = await _handler.HandleAsync(request, CancellationToken.None);

        Assert.Equal(InboundRejectionKind.Unsupported, result.Rejection);
    }

    [Fact]
    public async Task CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _handler.HandleAsync(SlackRequests.Signed(SlackRequests.MessageEvent()), cancelled.Token).AsTask());
    }
}
