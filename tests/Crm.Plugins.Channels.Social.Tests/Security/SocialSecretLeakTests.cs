using Crm.Engine.Channels;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Social.Tests.Security;

/// <summary>
/// The Mastodon access token never reaches a log line, a failure reason or an exception (with its inner exceptions) when
/// the instance refuses it, fails, echoes it back or cannot be reached, on sends and on polls.
/// </summary>
public sealed class SocialSecretLeakTests
{
    public static TheoryData<int, string> FailingAnswers => new()
    {
        { 401, """{"error":"The access token is invalid"}""" },
        { 403, """{"error":"This action is outside the authorized scopes for Bearer """ + FakeMastodon.Token + "\"}" },
        { 422, """{"error":"Validation failed"}""" },
        { 500, "Bearer " + FakeMastodon.Token },
        { 503, "" },
    };

    [Theory]
    [MemberData(nameof(FailingAnswers))]
    public async Task A_failed_send_or_poll_never_shows_the_access_token(int status, string body)
    {
        await using var context = await SocialTestContext.StartAsync();
        var adapter = context.Adapter();
        var poller = context.Poller();

        context.Server.Script(new Scripted(status, body));
        var (sent, sendThrew) = await Capture(() => adapter.SendAsync(SocialTestContext.Message(), CancellationToken.None).AsTask());
        context.Server.Script(new Scripted(status, body));
        var (polled, pollThrew) = await Capture(() => poller.PollAsync("t1", "0", CancellationToken.None).AsTask());

        Assert.False(sent?.IsDelivered ?? false);
        Assert.True(pollThrew is not null || polled is not null);
        AssertNoToken(context.Logs, sendThrew, pollThrew, sent?.FailureReason, polled?.ToString());
    }

    [Fact]
    public async Task A_wrong_token_and_a_refused_connection_never_show_the_token()
    {
        await using var context = await SocialTestContext.StartAsync();
        const string wrong = "wrong-" + FakeMastodon.Token;
        var unreachable = new Uri("http://127.0.0.1:9/");
        var outcomes = new List<(object? Result, Exception? Thrown)>();

        foreach (var configure in new Action<SocialChannelOptions>[]
        {
            o => o.AccessToken = wrong,
            o => o.InstanceUrl = unreachable,
        })
        {
            var adapter = context.Adapter(configure);
            var send = await Capture(() => adapter.SendAsync(SocialTestContext.Message(), CancellationToken.None).AsTask());
            outcomes.Add((send.Result?.FailureReason, send.Thrown));
            Assert.False(send.Result?.IsDelivered ?? false);
        }

        foreach (var (result, thrown) in outcomes)
        {
            AssertNoToken(context.Logs, thrown, null, result?.ToString(), null);
            if (thrown is null && result is string reason)
            {
                Assert.DoesNotContain(wrong, reason, StringComparison.Ordinal);
            }
        }

        Assert.All(context.Logs.Lines, l => Assert.DoesNotContain(wrong, l, StringComparison.Ordinal));
        Assert.DoesNotContain(FakeMastodon.Token, context.Options().ToString(), StringComparison.Ordinal);
    }

    private static async Task<(T? Result, Exception? Thrown)> Capture<T>(Func<Task<T>> run)
        where T : class
    {
        try
        {
            return (await run(), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static void AssertNoToken(ListLoggerFactory logs, Exception? first, Exception? second, string? reason, string? other)
    {
        var texts = logs.Lines.ToList();
        texts.Add(reason ?? "");
        texts.Add(other ?? "");
        foreach (var thrown in new[] { first, second })
        {
            for (var e = thrown; e is not null; e = e.InnerException)
            {
                texts.Add(e.ToString());
            }
        }

        Assert.All(texts, t => Assert.DoesNotContain(FakeMastodon.Token, t, StringComparison.Ordinal));
    }
}
