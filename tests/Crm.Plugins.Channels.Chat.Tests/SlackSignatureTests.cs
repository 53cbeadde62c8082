using System.Text;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class SlackSignatureTests
{
    private readonly ChatWebhookHandler _handler = SlackRequests.Handler();

    private Task<InboundWebhookResult> HandleAsync(InboundWebhookRequest request) => _handler.HandleAsync(request, CancellationToken.None).AsTask();

    [Fact]
    public async Task ValidSignature_IsAccepted()
    {
        var result = await HandleAsync(SlackRequests.Signed(SlackRequests.MessageEvent()));

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Single(result.Messages);
    }

    [Fact]
    public void Signature_MatchesSlacksDocumentedExample()
    {
        // The example from Slack's "Verifying requests from Slack" guide: secret, timestamp, body and signature.
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        Span<byte> signature = stackalloc byte[32];

        SlackSignature.Compute(Encoding.UTF8.GetBytes("8f742231b10e8888abcd99yyyzzz85a5"), "1531420618", Encoding.UTF8.GetBytes(body), signature);

        Assert.Equal("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", Convert.ToHexStringLower(signature));
    }

    [Fact]
    public async Task WrongSecret_IsRejectedAsInvalidSignature()
    {
        var result = await HandleAsync(SlackRequests.Signed(SlackRequests.MessageEvent(), secret: "another-secret-0123456789abcdef"));

        AssertInvalidSignature(result, "does not match");
    }

    [Fact]
    public async Task TamperedBody_IsRejectedAsInvalidSignature()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(text: "Refund 10 EUR"));
        var tampered = request with { Body = Encoding.UTF8.GetBytes(SlackRequests.MessageEvent(text: "Refund 99 EUR")) };

        AssertInvalidSignature(await HandleAsync(tampered), "does not match");
    }

    [Fact]
    public async Task TamperedTimestamp_IsRejectedAsInvalidSignature()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent());
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase)
        {
            ["X-Slack-Request-Timestamp"] = (SlackRequests.Now.ToUnixTimeSeconds() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        AssertInvalidSignature(await HandleAsync(request with { Headers = headers }), "does not match");
    }

    [Fact]
    public async Task StaleTimestamp_IsRejectedEvenWithAValidSignature()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), signedAt: SlackRequests.Now - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        AssertInvalidSignature(await HandleAsync(request), "replay");
    }

    [Fact]
    public async Task TimestampExactlyAtTheTolerance_IsAccepted()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), signedAt: SlackRequests.Now - TimeSpan.FromMinutes(5));

        Assert.True((await HandleAsync(request)).IsAccepted);
    }

    [Fact]
    public async Task Staleness_IsMeasuredFromReceivedAt_NotTheClock()
    {
        var longAgo = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), signedAt: longAgo, receivedAt: longAgo.AddSeconds(30));

        Assert.True((await HandleAsync(request)).IsAccepted);
    }

    [Fact]
    public async Task TimestampFarInTheFuture_IsRejected()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), signedAt: SlackRequests.Now + TimeSpan.FromMinutes(10));

        AssertInvalidSignature(await HandleAsync(request), "after it was received");
    }

    [Fact]
    public async Task CustomTolerance_IsHonoured()
    {
        var handler = SlackRequests.Handler(tolerance: TimeSpan.FromSeconds(30));
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), signedAt: SlackRequests.Now - TimeSpan.FromSeconds(31));

        AssertInvalidSignature(await handler.HandleAsync(request, CancellationToken.None), "older than 30 s");
    }

    [Theory]
    [InlineData("X-Slack-Signature")]
    [InlineData("X-Slack-Request-Timestamp")]
    public async Task MissingHeader_IsRejectedNamingIt(string header)
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent());
        var headers = request.Headers.Where(h => !h.Key.Equals(header, StringComparison.OrdinalIgnoreCase)).ToDictionary(h => h.Key, h => h.Value);

        AssertInvalidSignature(await HandleAsync(request with { Headers = headers }), header);
    }

    [Theory]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=a2114d57b48eac39")]
    [InlineData("v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("")]
    public async Task SignatureOfTheWrongShape_IsRejected(string signature)
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent());
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { ["X-Slack-Signature"] = signature };

        AssertInvalidSignature(await HandleAsync(request with { Headers = headers }), "X-Slack-Signature");
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1712345678")]
    [InlineData(" 1712345678")]
    [InlineData("99999999999999999999")]
    [InlineData("999999999999")]
    public async Task TimestampNotUnixSeconds_IsRejected(string timestamp)
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent());
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { ["X-Slack-Request-Timestamp"] = timestamp };

        AssertInvalidSignature(await HandleAsync(request with { Headers = headers }), "X-Slack-Request-Timestamp");
    }

    [Fact]
    public async Task HeadersInACaseSensitiveDictionary_AreStillFound()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent());
        var lowerCase = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);

        Assert.True((await HandleAsync(request with { Headers = lowerCase })).IsAccepted);
    }

    [Fact]
    public async Task BadSignatureOnMalformedBody_IsInvalidSignature_TheBodyIsNotRead()
    {
        var request = SlackRequests.Signed("{not json", secret: "another-secret-0123456789abcdef");

        AssertInvalidSignature(await HandleAsync(request), "does not match");
    }

    [Fact]
    public async Task Reasons_NeverHoldTheSecretOrTheExpectedSignature()
    {
        var request = SlackRequests.Signed(SlackRequests.MessageEvent(), secret: "another-secret-0123456789abcdef");
        var expected = SlackRequests.Sign(SlackRequests.Secret, request.Headers["X-Slack-Request-Timestamp"], request.Body.ToArray());

        var result = await HandleAsync(request);

        Assert.DoesNotContain(SlackRequests.Secret, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(expected[3..13], result.Reason, StringComparison.Ordinal);
    }

    private static void AssertInvalidSignature(InboundWebhookResult result, string reasonPart)
    {
        Assert.False(result.IsAccepted);
        Assert.Equal(InboundRejectionKind.InvalidSignature, result.Rejection);
        Assert.Empty(result.Messages);
        Assert.Null(result.ResponseBody);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }
}
