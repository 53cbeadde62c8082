using Crm.Plugins.Channels;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Social.Tests;

public sealed class SocialChannelAdapterTests
{
    private static OutboundMessage Message(string recipient = "@ana@remote.example", string text = "Your order shipped", string? key = null, IReadOnlyDictionary<string, string>? headers = null) =>
        SocialTestContext.Message(recipient, text, key, headers);

    [Fact]
    public async Task Send_PostsADirectMentionWithTheIdempotencyKey_AndReturnsTheStatusId()
    {
        await using var context = await SocialTestContext.StartAsync();
        var adapter = context.Adapter();

        var result = await adapter.SendAsync(Message(key: "order-42-shipped"), CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        var status = Assert.Single(context.Server.Statuses.Where(_ => true));
        Assert.Equal("@ana@remote.example Your order shipped", status.Text);
        Assert.Equal("direct", status.Visibility);
        Assert.Equal(IdempotencyKeys.HeaderValue("t1", "order-42-shipped"), status.IdempotencyKey);
        Assert.Equal(status.Id, result.ProviderMessageId);
        Assert.Null(status.InReplyToId);
    }

    [Theory]
    [InlineData("@ana@remote.example", "@ana@remote.example hi")]
    [InlineData("ana@remote.example", "@ana@remote.example hi")]
    [InlineData("@bob", "@bob hi")]
    [InlineData("@dev.team_1@sub.remote-host.example", "@dev.team_1@sub.remote-host.example hi")]
    public async Task Send_RecipientForms_BecomeAMention(string recipient, string status)
    {
        await using var context = await SocialTestContext.StartAsync();

        await context.Adapter().SendAsync(Message(recipient, "hi"), CancellationToken.None);

        Assert.Equal(status, Assert.Single(context.Server.Statuses.Where(_ => true)).Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("ana at remote")]
    [InlineData("@ana@")]
    [InlineData("@ana@localhost")]
    [InlineData("@ana@remote.example@other.example")]
    [InlineData("@<script>@remote.example")]
    public async Task Send_RecipientNotAHandle_IsPermanentWithoutARequest(string recipient)
    {
        await using var context = await SocialTestContext.StartAsync();

        var result = await context.Adapter().SendAsync(Message(recipient), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("not a social handle", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_InReplyToHeader_RepliesToThatStatus()
    {
        await using var context = await SocialTestContext.StartAsync();

        await context.Adapter().SendAsync(Message(headers: new Dictionary<string, string> { [SocialHeaders.InReplyToId] = "109999" }), CancellationToken.None);

        Assert.Equal("109999", Assert.Single(context.Server.Statuses.Where(_ => true)).InReplyToId);
    }

    [Fact]
    public async Task Send_InReplyToHeaderNotAnId_IsPermanentWithoutARequest()
    {
        await using var context = await SocialTestContext.StartAsync();

        var result = await context.Adapter().SendAsync(Message(headers: new Dictionary<string, string> { [SocialHeaders.InReplyToId] = "../admin" }), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Equal(0, context.Server.StatusRequests);
    }

    [Theory]
    [InlineData(401, """{"error":"The access token is invalid"}""", DeliveryFailureKind.Permanent, "access token")]
    [InlineData(403, """{"error":"This action is not allowed"}""", DeliveryFailureKind.Permanent, "access token")]
    [InlineData(422, """{"error":"Validation failed: Text can't be blank"}""", DeliveryFailureKind.Permanent, "422: Validation failed")]
    [InlineData(404, """{"error":"Record not found"}""", DeliveryFailureKind.Permanent, "404: Record not found")]
    [InlineData(400, null, DeliveryFailureKind.Permanent, "400")]
    [InlineData(500, """{"error":"boom"}""", DeliveryFailureKind.Transient, "500: boom")]
    [InlineData(502, null, DeliveryFailureKind.Transient, "502")]
    [InlineData(503, null, DeliveryFailureKind.Transient, "503")]
    [InlineData(408, null, DeliveryFailureKind.Transient, "408")]
    public async Task Send_ErrorAnswer_MapsToFailureKind(int status, string? body, DeliveryFailureKind expected, string reasonPart)
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(status, body));

        var result = await context.Adapter().SendAsync(Message(), CancellationToken.None);

        Assert.Equal(expected, result.FailureKind);
        Assert.Contains(reasonPart, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WrongToken_IsPermanentAndNeverQuotesTheToken()
    {
        await using var context = await SocialTestContext.StartAsync();
        var adapter = context.Adapter(o => o.AccessToken = "wrong-token-0123456789");

        var result = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("401", result.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TextOverTheServersLimit_IsPermanentNamingTheRule()
    {
        await using var context = await SocialTestContext.StartAsync();

        var result = await context.Adapter().SendAsync(Message(text: new string('x', FakeMastodon.MaxStatusLength)), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("character limit of 500 exceeded", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LastRequestOfTheWindow_ThenWaitsForTheResetWithoutCallingTheServer()
    {
        await using var context = await SocialTestContext.StartAsync();
        var reset = SocialTestContext.Start.AddMinutes(5);
        context.Server.SetBudget(remaining: 1, resetAt: reset);
        var adapter = context.Adapter();

        var last = await adapter.SendAsync(Message(), CancellationToken.None);
        var held = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.True(last.IsDelivered, last.FailureReason);
        Assert.Equal(DeliveryFailureKind.Transient, held.FailureKind);
        Assert.Contains("until 2030-01-01T12:05:00Z", held.FailureReason, StringComparison.Ordinal);
        Assert.Equal(1, context.Server.StatusRequests);

        context.Time.Advance(TimeSpan.FromMinutes(5));
        var afterReset = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.True(afterReset.IsDelivered, afterReset.FailureReason);
        Assert.Equal(2, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_429_IsTransientNamingTheReset_AndHoldsLaterSendsBack()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.SetBudget(remaining: 0, resetAt: SocialTestContext.Start.AddMinutes(3));
        var adapter = context.Adapter();

        var refused = await adapter.SendAsync(Message(), CancellationToken.None);
        var held = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, refused.FailureKind);
        Assert.Contains("429", refused.FailureReason, StringComparison.Ordinal);
        Assert.Contains("2030-01-01T12:03:00Z", refused.FailureReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryFailureKind.Transient, held.FailureKind);
        Assert.Equal(1, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_429WithoutRateLimitHeaders_HoldsBackForTheRetryAfter()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(429, """{"error":"Too many requests"}""", new Dictionary<string, string> { ["X-RateLimit-Reset"] = "", ["Retry-After"] = "90" }));
        var adapter = context.Adapter();

        await adapter.SendAsync(Message(), CancellationToken.None);
        context.Time.Advance(TimeSpan.FromSeconds(89));
        var held = await adapter.SendAsync(Message(), CancellationToken.None);
        context.Time.Advance(TimeSpan.FromSeconds(1));
        var sent = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.Contains("until 2030-01-01T12:01:30Z", held.FailureReason, StringComparison.Ordinal);
        Assert.True(sent.IsDelivered, sent.FailureReason);
        Assert.Equal(2, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_RateLimitGateIsPerAdapter_PollingIsNotHeldBackBySends()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.SetBudget(remaining: 1, resetAt: SocialTestContext.Start.AddMinutes(5));
        var adapter = context.Adapter();
        await adapter.SendAsync(Message(), CancellationToken.None);
        context.Server.SetBudget(remaining: 10, resetAt: SocialTestContext.Start.AddMinutes(5));

        await context.Poller().PollAsync("t1", null, CancellationToken.None);

        Assert.Equal(1, context.Server.NotificationRequests);
    }

    [Fact]
    public async Task Send_SameKeyTwice_OneRequestSameId()
    {
        await using var context = await SocialTestContext.StartAsync();
        var adapter = context.Adapter();
        var message = Message();

        var first = await adapter.SendAsync(message, CancellationToken.None);
        var second = await adapter.SendAsync(message, CancellationToken.None);

        Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
        Assert.Equal(1, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_SameKeyAfterARestart_TheServerDeduplicatesByIdempotencyKey()
    {
        await using var context = await SocialTestContext.StartAsync();
        var message = Message();

        var before = await context.Adapter().SendAsync(message, CancellationToken.None);
        var after = await context.Adapter().SendAsync(message, CancellationToken.None);

        Assert.Equal(before.ProviderMessageId, after.ProviderMessageId);
        Assert.Equal(2, context.Server.StatusRequests);
        Assert.Single(context.Server.Statuses.Where(_ => true));
    }

    [Fact]
    public async Task Send_AfterATransientFailure_TheSameKeyIsSentAgain()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(503));
        var adapter = context.Adapter();
        var message = Message();

        var failed = await adapter.SendAsync(message, CancellationToken.None);
        var retried = await adapter.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, failed.FailureKind);
        Assert.True(retried.IsDelivered, retried.FailureReason);
        Assert.Equal(2, context.Server.StatusRequests);
    }

    [Fact]
    public async Task Send_SuccessWithoutAnId_IsTransient()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(200, """{"content":"<p>hi</p>"}"""));

        var result = await context.Adapter().SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("without a status id", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NothingListening_IsTransient()
    {
        using var adapter = new SocialChannelAdapter(new SocialChannelOptions { InstanceUrl = LoopbackServer.ClosedAddress(), AccessToken = FakeMastodon.Token });

        var result = await adapter.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("unreachable", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoAnswerWithinTimeout_IsTransient()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(Scripted.Hanging);
        var adapter = context.Adapter(o => o.Timeout = TimeSpan.FromSeconds(4));

        var sending = adapter.SendAsync(Message(), CancellationToken.None).AsTask();
        await context.Server.Hung.WaitAsync(_ => true, 1, SocialTestContext.Wait, CancellationToken.None);
        context.Time.Advance(TimeSpan.FromSeconds(4));
        var result = await sending.WaitAsync(SocialTestContext.Wait);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("no answer within 00:00:04", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LogsAndReasons_NeverHoldTheTokenRecipientOrText()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(401, """{"error":"The access token is invalid"}"""), new Scripted(500), new Scripted(429));
        var adapter = context.Adapter();
        var reasons = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            context.Time.Advance(TimeSpan.FromMinutes(2));
            reasons.Add((await adapter.SendAsync(Message("@secret.person@remote.example", "private words " + i), CancellationToken.None)).FailureReason);
        }

        Assert.NotEmpty(context.Logs.Lines);
        var everything = string.Join("\n", context.Logs.Lines.Concat(reasons.Select(r => r ?? "")));
        Assert.DoesNotContain(FakeMastodon.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.person", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("private words", everything, StringComparison.Ordinal);
    }
}
