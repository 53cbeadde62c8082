using System.Text;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Chat.Tests.Security;

/// <summary>
/// The Slack webhook token (the secret part of the webhook URL) and the signing secret never reach a log line, a failure
/// reason, a rejection reason or an exception (with its inner exceptions), whatever the server answers.
/// </summary>
public sealed class ChatSecretLeakTests(ChatWebhookServerFixture server) : IClassFixture<ChatWebhookServerFixture>
{
    public static TheoryData<int, string> FailingAnswers => new()
    {
        { 401, "invalid_token" },
        { 403, "action_prohibited " + FakeSlackWebhook.Token }, // a server that echoes the token must not make us repeat it
        { 404, "no_service" },
        { 410, "channel_is_archived" },
        { 500, "internal error at /services/T000/B000/" + FakeSlackWebhook.Token },
        { 503, "" },
    };

    [Theory]
    [MemberData(nameof(FailingAnswers))]
    public async Task A_failed_send_never_shows_the_webhook_token(int status, string body)
    {
        var logs = new ListLoggerFactory();
        using var adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = server.Webhook.WebhookUrl }, null, logs.CreateLogger<ChatChannelAdapter>());
        var channel = ChatWebhookServerFixture.NewChannel();
        server.Webhook.Script(channel, new ScriptedAnswer(status, body));

        var (result, thrown) = await SendAsync(adapter, channel);

        Assert.Equal(1, server.Webhook.Attempts(channel));
        Assert.False(result?.IsDelivered ?? false);
        AssertNoSecret(FakeSlackWebhook.Token, logs, result?.FailureReason, thrown);
    }

    [Fact]
    public async Task A_wrong_token_a_refused_connection_and_a_timeout_never_show_the_token()
    {
        var logs = new ListLoggerFactory();
        var wrongToken = new Uri(server.Webhook.BaseAddress, "services/T000/B000/" + FakeSlackWebhook.Token + "x");
        var closedPort = new Uri("http://127.0.0.1:9/services/T000/B000/" + FakeSlackWebhook.Token);
        var hangingChannel = ChatWebhookServerFixture.NewChannel();
        server.Webhook.Script(hangingChannel, ScriptedAnswer.Hanging);
        var outcomes = new List<(DeliveryResult?, Exception?)>();

        foreach (var (url, channel) in new[] { (wrongToken, ChatWebhookServerFixture.NewChannel()), (closedPort, ChatWebhookServerFixture.NewChannel()), (server.Webhook.WebhookUrl, hangingChannel) })
        {
            using var adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = url, Timeout = TimeSpan.FromSeconds(1) }, null, logs.CreateLogger<ChatChannelAdapter>());
            outcomes.Add(await SendAsync(adapter, channel));
        }

        Assert.All(outcomes, o => Assert.False(o.Item1?.IsDelivered ?? false));
        foreach (var (result, thrown) in outcomes)
        {
            AssertNoSecret(FakeSlackWebhook.Token, logs, result?.FailureReason, thrown);
        }
    }

    [Fact]
    public async Task Rejected_webhooks_never_show_the_signing_secret_nor_the_expected_signature()
    {
        var logs = new ListLoggerFactory();
        var handler = new ChatWebhookHandler(
            new ChatChannelOptions { SigningSecret = SlackRequests.Secret, SignatureTolerance = TimeSpan.FromMinutes(5) },
            logs.CreateLogger<ChatWebhookHandler>());
        var body = SlackRequests.MessageEvent();
        var good = SlackRequests.Signed(body);
        var expected = good.Headers["X-Slack-Signature"];
        var requests = new[]
        {
            SlackRequests.Signed(body, secret: "another-secret-of-enough-length"),             // wrong secret
            SlackRequests.Signed(body, signedAt: SlackRequests.Now.AddHours(-1)),              // stale timestamp
            good with { Body = Encoding.UTF8.GetBytes(body + " ") },                          // body changed after signing
            good with { Headers = new Dictionary<string, string>(good.Headers) { ["X-Slack-Signature"] = "v0=" + new string('0', 64) } },
            good with { Headers = new Dictionary<string, string>(good.Headers) { ["X-Slack-Signature"] = "v1=" + SlackRequests.Secret } },
            good with { Headers = new Dictionary<string, string>(good.Headers) { ["X-Slack-Signature"] = SlackRequests.Secret } },
            good with { Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } }, // no signature at all
        };

        foreach (var request in requests)
        {
            InboundWebhookResult? result = null;
            Exception? thrown = null;
            try
            {
                result = await handler.HandleAsync(request, CancellationToken.None);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            Assert.False(result?.IsAccepted ?? false);
            var reason = result is null ? null : result.ToString() + " " + result.ResponseBody;
            AssertNoSecret(SlackRequests.Secret, logs, reason, thrown);
            AssertNoSecret(expected, logs, reason, thrown);
        }

        Assert.True((await handler.HandleAsync(good, CancellationToken.None)).IsAccepted); // the control: the right signature passes
        Assert.DoesNotContain(SlackRequests.Secret, new ChatChannelOptions { SigningSecret = SlackRequests.Secret }.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(DeliveryResult? Result, Exception? Thrown)> SendAsync(ChatChannelAdapter adapter, string channel)
    {
        try
        {
            return (await adapter.SendAsync(
                new OutboundMessage { TenantId = "t1", Recipient = channel, TextBody = "hi", IdempotencyKey = Guid.NewGuid().ToString("N"), Headers = new Dictionary<string, string>() },
                CancellationToken.None), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static void AssertNoSecret(string secret, ListLoggerFactory logs, string? reason, Exception? thrown)
    {
        var texts = logs.Lines.ToList();
        texts.Add(reason ?? "");
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            texts.Add(e.ToString());
            texts.Add(e.Message);
        }

        Assert.All(texts, t => Assert.DoesNotContain(secret, t, StringComparison.Ordinal));
    }
}
