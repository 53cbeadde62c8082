using Crm.Plugins.Channels;
using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class ChatChannelAdapterTests(ChatWebhookServerFixture server) : IClassFixture<ChatWebhookServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private FakeSlackWebhook Webhook => server.Webhook;

    private ChatChannelAdapter NewAdapter(Action<ChatChannelOptions>? configure = null, TimeProvider? time = null, ListLoggerFactory? logs = null)
    {
        var options = new ChatChannelOptions { WebhookUrl = Webhook.WebhookUrl };
        configure?.Invoke(options);
        return new ChatChannelAdapter(options, time, logs?.CreateLogger<ChatChannelAdapter>());
    }

    private static OutboundMessage Message(string channel, string text = "Hello", string? key = null, string tenant = "t1", IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        TenantId = tenant,
        Recipient = channel,
        TextBody = text,
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
        Headers = headers ?? new Dictionary<string, string>(),
    };

    [Fact]
    public async Task Send_PostsEscapedTextChannelAndHashedKey()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        var message = Message(channel, "Order <42> & co > all", key: "order-42");

        var result = await adapter.SendAsync(message, CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        var post = Assert.Single(Webhook.Posts.Where(p => p.Channel == channel));
        Assert.Equal("Order <42> & co > all", post.Text);
        using var raw = JsonDocument.Parse(post.RawBody);
        Assert.Equal("Order &lt;42&gt; &amp; co &gt; all", raw.RootElement.GetProperty("text").GetString());
        Assert.Equal(IdempotencyKeys.HeaderValue("t1", "order-42"), post.IdempotencyKey);
        Assert.DoesNotContain("order-42", post.IdempotencyKey, StringComparison.Ordinal);
        Assert.False(raw.RootElement.TryGetProperty("blocks", out _));
    }

    [Fact]
    public async Task Send_BlocksAndThreadHeaders_ArePassedOn()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        var headers = new Dictionary<string, string>
        {
            [ChatHeaders.Blocks] = """[{"type":"section","text":{"type":"mrkdwn","text":"*Hi*"}}]""",
            [ChatHeaders.ThreadTs] = "1712345678.000100",
        };

        var result = await adapter.SendAsync(Message(channel, headers: headers), CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        var post = Assert.Single(Webhook.Posts.Where(p => p.Channel == channel));
        Assert.Equal("1712345678.000100", post.ThreadTs);
        Assert.Contains("\"section\"", post.Blocks, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"section\"}")]
    [InlineData("[not json")]
    public async Task Send_BlocksNotAJsonArray_IsPermanentAndNotPosted(string blocks)
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();

        var result = await adapter.SendAsync(Message(channel, headers: new Dictionary<string, string> { [ChatHeaders.Blocks] = blocks }), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("'blocks'", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, Webhook.Attempts(channel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a channel")]
    [InlineData("#")]
    [InlineData("C0<script>")]
    public async Task Send_RecipientNotAChannelOrUser_IsPermanentAndNotPosted(string recipient)
    {
        using var adapter = NewAdapter();

        var result = await adapter.SendAsync(Message(recipient), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("recipient", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate_limited", "30", DeliveryFailureKind.Transient, "retry after 30 s")]
    [InlineData(500, "internal_error", null, DeliveryFailureKind.Transient, "500 internal_error")]
    [InlineData(502, null, null, DeliveryFailureKind.Transient, "502")]
    [InlineData(503, "service_unavailable", "5", DeliveryFailureKind.Transient, "retry after 5 s")]
    [InlineData(408, null, null, DeliveryFailureKind.Transient, "408")]
    [InlineData(400, "invalid_payload", null, DeliveryFailureKind.Permanent, "400 invalid_payload")]
    [InlineData(403, "action_prohibited", null, DeliveryFailureKind.Permanent, "403 action_prohibited")]
    [InlineData(404, "channel_not_found", null, DeliveryFailureKind.Permanent, "404 channel_not_found")]
    [InlineData(410, "channel_is_archived", null, DeliveryFailureKind.Permanent, "410 channel_is_archived")]
    public async Task Send_ErrorAnswer_MapsToFailureKindAndReason(int status, string? body, string? retryAfter, DeliveryFailureKind expected, string reasonPart)
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(status, body, retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter }));

        var result = await adapter.SendAsync(Message(channel), CancellationToken.None);

        Assert.False(result.IsDelivered);
        Assert.Equal(expected, result.FailureKind);
        Assert.Contains(reasonPart, result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(1, Webhook.Attempts(channel));
    }

    [Fact]
    public async Task Send_RetryAfterAsDate_NamesTheDateInTheReason()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero));
        using var adapter = NewAdapter(time: time);
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(429, "rate_limited", new Dictionary<string, string> { ["Retry-After"] = "Wed, 02 Jan 2030 03:05:00 GMT" }));

        var result = await adapter.SendAsync(Message(channel), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("retry after 2030-01-02T03:05:00", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ErrorBodyThatIsNotACode_IsLeftOutOfTheReason()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(404, "No user ana@example.com here"));

        var result = await adapter.SendAsync(Message(channel), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.DoesNotContain("ana@example.com", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("404", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_JsonErrorBody_ReadsTheErrorCode()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(400, """{"ok":false,"error":"invalid_blocks"}"""));

        var result = await adapter.SendAsync(Message(channel), CancellationToken.None);

        Assert.Contains("400 invalid_blocks", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AfterTransientFailure_SameKeyIsPostedAgainAndDelivered()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(503, "service_unavailable"));
        var message = Message(channel);

        var first = await adapter.SendAsync(message, CancellationToken.None);
        var second = await adapter.SendAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, first.FailureKind);
        Assert.True(second.IsDelivered, second.FailureReason);
        Assert.Equal(2, Webhook.Attempts(channel));
        Assert.Single(Webhook.Posts.Where(p => p.Channel == channel));
    }

    [Fact]
    public async Task Send_DeliveredKeyAgain_IsNotPostedAndReturnsTheSameId()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        var message = Message(channel);

        var first = await adapter.SendAsync(message, CancellationToken.None);
        var again = await adapter.SendAsync(message with { TextBody = "edited" }, CancellationToken.None);

        Assert.True(again.IsDelivered);
        Assert.Equal(first.ProviderMessageId, again.ProviderMessageId);
        Assert.Equal(1, Webhook.Attempts(channel));
    }

    [Fact]
    public async Task Send_SameKeyInAnotherTenant_IsASeparateMessage()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();

        var first = await adapter.SendAsync(Message(channel, key: "welcome", tenant: "acme"), CancellationToken.None);
        var second = await adapter.SendAsync(Message(channel, key: "welcome", tenant: "globex"), CancellationToken.None);

        Assert.True(first.IsDelivered && second.IsDelivered);
        Assert.NotEqual(first.ProviderMessageId, second.ProviderMessageId);
        Assert.Equal(2, Webhook.Posts.Where(p => p.Channel == channel).Count);
    }

    [Fact]
    public async Task Send_SameKeyConcurrently_IsPostedOnce()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        var message = Message(channel);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => adapter.SendAsync(message, CancellationToken.None).AsTask()));

        Assert.All(results, r => Assert.True(r.IsDelivered, r.FailureReason));
        Assert.Single(results.Select(r => r.ProviderMessageId).Distinct());
        Assert.Equal(1, Webhook.Attempts(channel));
    }

    [Fact]
    public async Task Send_CacheFull_OldestKeyIsForgottenAndPostedAgain()
    {
        using var adapter = NewAdapter(o => o.IdempotencyCacheSize = 2);
        var channel = ChatWebhookServerFixture.NewChannel();
        var oldest = Message(channel, key: "k1");

        await adapter.SendAsync(oldest, CancellationToken.None);
        await adapter.SendAsync(Message(channel, key: "k2"), CancellationToken.None);
        await adapter.SendAsync(Message(channel, key: "k2"), CancellationToken.None);
        Assert.Equal(2, Webhook.Attempts(channel));
        await adapter.SendAsync(Message(channel, key: "k3"), CancellationToken.None);
        await adapter.SendAsync(oldest, CancellationToken.None);

        Assert.Equal(4, Webhook.Attempts(channel));
    }

    [Fact]
    public async Task Send_PlainOkAnswer_ProviderIdIsDerivedFromTheKey_SameAcrossInstances()
    {
        var channel = ChatWebhookServerFixture.NewChannel();
        var message = Message(channel, key: "stable-key", tenant: "acme");
        string? first, second;
        using (var adapter = NewAdapter())
        {
            first = (await adapter.SendAsync(message, CancellationToken.None)).ProviderMessageId;
        }

        using (var restarted = NewAdapter())
        {
            second = (await restarted.SendAsync(message, CancellationToken.None)).ProviderMessageId;
        }

        Assert.Equal("webhook-" + IdempotencyKeys.HeaderValue("acme", "stable-key"), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Send_AnswerWithTs_ProviderIdIsChannelAndTs()
    {
        await using var webhook = await FakeSlackWebhook.StartAsync();
        webhook.AnswerWithTs = true;
        using var adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = webhook.WebhookUrl });

        var result = await adapter.SendAsync(Message("C0SUPPORT"), CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.Matches(@"^C0SUPPORT:\d{10}\.\d{6}$", result.ProviderMessageId);
    }

    [Fact]
    public async Task Send_WrongWebhookToken_IsPermanent()
    {
        var wrong = new Uri(Webhook.BaseAddress, "services/T000/B000/not-the-token");
        using var adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = wrong });

        var result = await adapter.SendAsync(Message("C0GENERAL"), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("404 no_service", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NothingListening_IsTransient()
    {
        using var adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = new Uri(LoopbackServer.ClosedAddress(), "services/T/B/x") });

        var result = await adapter.SendAsync(Message("C0GENERAL"), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("unreachable", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoAnswerWithinTimeout_IsTransient()
    {
        var time = new ManualTimeProvider();
        using var adapter = NewAdapter(o => o.Timeout = TimeSpan.FromSeconds(7), time);
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, ScriptedAnswer.Hanging);

        var sending = adapter.SendAsync(Message(channel), CancellationToken.None).AsTask();
        await Webhook.Hung.WaitAsync(c => c == channel, 1, Wait, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(7));
        var result = await sending.WaitAsync(Wait);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("did not answer within 00:00:07", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CallerCancelsWhileWaiting_ThrowsAndTheKeyCanBeSentAgain()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, ScriptedAnswer.Hanging);
        var message = Message(channel);
        using var cancel = new CancellationTokenSource();

        var sending = adapter.SendAsync(message, cancel.Token).AsTask();
        await Webhook.Hung.WaitAsync(c => c == channel, 1, Wait, CancellationToken.None);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(Wait));
        var retried = await adapter.SendAsync(message, CancellationToken.None);
        Assert.True(retried.IsDelivered, retried.FailureReason);
    }

    [Fact]
    public async Task Send_LogsAndReasons_NeverHoldTheWebhookTokenRecipientOrText()
    {
        var logs = new ListLoggerFactory();
        using var adapter = NewAdapter(logs: logs);
        using var unreachable = new ChatChannelAdapter(
            new ChatChannelOptions { WebhookUrl = new Uri(LoopbackServer.ClosedAddress(), "services/T/B/" + FakeSlackWebhook.Token) },
            logger: logs.CreateLogger<ChatChannelAdapter>());
        var channel = ChatWebhookServerFixture.NewChannel();
        Webhook.Script(channel, new ScriptedAnswer(429, "rate_limited"), new ScriptedAnswer(500), new ScriptedAnswer(404, "channel_not_found"));
        var reasons = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            reasons.Add((await adapter.SendAsync(Message(channel, "secret text " + i), CancellationToken.None)).FailureReason);
        }

        reasons.Add((await unreachable.SendAsync(Message(channel, "secret text"), CancellationToken.None)).FailureReason);

        Assert.NotEmpty(logs.Lines);
        var everything = string.Join("\n", logs.Lines.Concat(reasons.Select(r => r ?? "")));
        Assert.DoesNotContain(FakeSlackWebhook.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(channel, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("secret text", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PayloadIsUtf8Json()
    {
        using var adapter = NewAdapter();
        var channel = ChatWebhookServerFixture.NewChannel();

        await adapter.SendAsync(Message(channel, "Grüße 👋"), CancellationToken.None);

        var post = Assert.Single(Webhook.Posts.Where(p => p.Channel == channel));
        Assert.Equal("Grüße 👋", post.Text);
    }
}
