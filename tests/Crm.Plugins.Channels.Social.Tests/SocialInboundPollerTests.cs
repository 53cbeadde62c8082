using Crm.Plugins.Channels.Social.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Social.Tests;

public sealed class SocialInboundPollerTests
{
    private static void AddMentions(FakeMastodon server, int from, int to)
    {
        for (var id = from; id <= to; id++)
        {
            server.AddMention(id, content: $"<p>mention {id}</p>");
        }
    }

    private static string[] Texts(Engine.Channels.InboundPollResult result) => result.Messages.Select(m => m.TextBody).ToArray();

    private static string[] Mentions(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => "mention " + i).ToArray();

    [Fact]
    public async Task FirstPoll_ReadsTheNewestPage_OldestFirst()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 5);

        var result = await context.Poller(o => o.PageSize = 3).PollAsync("t1", null, CancellationToken.None);

        Assert.Equal(Mentions(3, 5), Texts(result));
        Assert.Equal("5", result.NextCursor);
        Assert.Equal(1, context.Server.NotificationRequests);
        Assert.Contains("types[]=mention", Uri.UnescapeDataString(context.Server.NotificationQueries.Where(_ => true)[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_WithCursor_ReadsForwardAcrossPagesByTheLinkHeader()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 10);

        var result = await context.Poller(o => o.PageSize = 3).PollAsync("t1", "2", CancellationToken.None);

        Assert.Equal(Mentions(3, 10), Texts(result));
        Assert.Equal("10", result.NextCursor);
        var queries = context.Server.NotificationQueries.Where(_ => true);
        Assert.Equal(3, queries.Count);
        Assert.Contains("min_id=2", queries[0], StringComparison.Ordinal);
        Assert.Contains("min_id=5", queries[1], StringComparison.Ordinal);
        Assert.Contains("min_id=8", queries[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_PageLimit_NextPollContinuesWithoutGapOrDuplicate()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 10);
        var poller = context.Poller(o => { o.PageSize = 3; o.MaxPagesPerPoll = 2; });

        var first = await poller.PollAsync("t1", "0", CancellationToken.None);
        var second = await poller.PollAsync("t1", first.NextCursor, CancellationToken.None);
        var third = await poller.PollAsync("t1", second.NextCursor, CancellationToken.None);

        Assert.Equal(Mentions(1, 6), Texts(first));
        Assert.Equal(Mentions(7, 10), Texts(second));
        Assert.Empty(third.Messages);
        Assert.Equal("10", third.NextCursor);
    }

    [Fact]
    public async Task Poll_NewMentionsBetweenPolls_AreReadOnce()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 2);
        var poller = context.Poller();

        var first = await poller.PollAsync("t1", null, CancellationToken.None);
        AddMentions(context.Server, 3, 4);
        var second = await poller.PollAsync("t1", first.NextCursor, CancellationToken.None);

        Assert.Equal(Mentions(1, 2), Texts(first));
        Assert.Equal(Mentions(3, 4), Texts(second));
    }

    [Fact]
    public async Task Poll_MapsAMention()
    {
        await using var context = await SocialTestContext.StartAsync();
        var at = new DateTimeOffset(2024, 4, 5, 10, 30, 0, TimeSpan.Zero);
        context.Server.AddMention(
            7,
            acct: "ana@remote.example",
            displayName: "Ana Lima",
            statusId: "112233",
            inReplyToId: "110000",
            spoilerText: "order question",
            createdAt: at,
            content: """<p><span class="h-card"><a href="https://x/@crm" class="u-url mention">@<span>crm</span></a></span> Where is <b>order</b> #42?</p><p>Fish &amp; chips &lt;3<br>Thanks</p>""");

        var message = Assert.Single((await context.Poller().PollAsync("t1", null, CancellationToken.None)).Messages);

        Assert.Equal("social", message.Channel);
        Assert.Equal("112233", message.ExternalId);
        Assert.Equal("@ana@remote.example", message.SenderAddress);
        Assert.Equal("Ana Lima", message.SenderName);
        Assert.Equal("@crm Where is order #42?\n\nFish & chips <3\nThanks", message.TextBody);
        Assert.Equal("110000", message.InReplyTo);
        Assert.Equal(at, message.ReceivedAt);
        Assert.Equal("order question", message.Subject);
        Assert.Equal("7", message.Metadata["notification"]);
        Assert.Equal("direct", message.Metadata["visibility"]);
        Assert.Null(message.HtmlBody);
    }

    [Fact]
    public async Task Poll_LocalAccount_GetsTheServersDomain()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.AddMention(1, acct: "bob", displayName: "");

        var message = Assert.Single((await context.Poller().PollAsync("t1", null, CancellationToken.None)).Messages);

        Assert.Equal("@bob@127.0.0.1", message.SenderAddress);
        Assert.Null(message.SenderName);
    }

    [Fact]
    public async Task Poll_ServerIgnoringTheTypeFilter_OnlyMentionsAreReturned_CursorPassesTheRest()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.IgnoreTypesFilter = true;
        context.Server.AddOther(1, "favourite");
        context.Server.AddMention(2);
        context.Server.AddOther(3, "follow");

        var result = await context.Poller().PollAsync("t1", null, CancellationToken.None);

        Assert.Equal("s2", Assert.Single(result.Messages).ExternalId);
        Assert.Equal("3", result.NextCursor);
    }

    [Fact]
    public async Task Poll_RateLimitUsedUp_MakesNoRequest_ReturnsNothing_KeepsTheCursor()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 3);
        context.Server.SetBudget(remaining: 1, resetAt: SocialTestContext.Start.AddMinutes(5));
        var poller = context.Poller();
        var first = await poller.PollAsync("t1", null, CancellationToken.None);
        AddMentions(context.Server, 4, 4);

        var limited = await poller.PollAsync("t1", first.NextCursor, CancellationToken.None);

        Assert.Empty(limited.Messages);
        Assert.Equal("3", limited.NextCursor);
        Assert.Equal(1, context.Server.NotificationRequests);

        context.Time.Advance(TimeSpan.FromMinutes(5));
        var afterReset = await poller.PollAsync("t1", limited.NextCursor, CancellationToken.None);
        Assert.Equal(Mentions(4, 4), Texts(afterReset));
    }

    [Fact]
    public async Task Poll_RateLimitReachedMidBacklog_ReturnsWhatWasRead_NextPollContinues()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 10);
        context.Server.SetBudget(remaining: 2, resetAt: SocialTestContext.Start.AddMinutes(5));
        var poller = context.Poller(o => o.PageSize = 3);

        var partial = await poller.PollAsync("t1", "0", CancellationToken.None);
        context.Time.Advance(TimeSpan.FromMinutes(5));
        var rest = await poller.PollAsync("t1", partial.NextCursor, CancellationToken.None);

        Assert.Equal(Mentions(1, 6), Texts(partial));
        Assert.Equal("6", partial.NextCursor);
        Assert.Equal(Mentions(7, 10), Texts(rest));
        Assert.Equal(4, context.Server.NotificationRequests);
    }

    [Fact]
    public async Task Poll_429MidBacklog_ReturnsThePagesBeforeIt()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 10);
        context.Server.Script(Scripted.Normally, new Scripted(429, """{"error":"Too many requests"}"""));

        var result = await context.Poller(o => o.PageSize = 3).PollAsync("t1", "0", CancellationToken.None);

        Assert.Equal(Mentions(1, 3), Texts(result));
        Assert.Equal("3", result.NextCursor);
        Assert.Equal(2, context.Server.NotificationRequests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(404)]
    [InlineData(429)]
    public async Task Poll_ErrorOnTheFirstPage_ReturnsNothing_KeepsTheCursor(int status)
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 3);
        context.Server.Script(new Scripted(status, """{"error":"nope"}"""));

        var result = await context.Poller().PollAsync("t1", "1", CancellationToken.None);

        Assert.Empty(result.Messages);
        Assert.Equal("1", result.NextCursor);
        Assert.Contains(context.Logs.Lines, l => l.Contains("stopped early", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Poll_TokenRefused_ThrowsATypedErrorWithoutTheToken(int status)
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(new Scripted(status, """{"error":"The access token is invalid"}"""));

        var exception = await Assert.ThrowsAsync<SocialApiException>(() => context.Poller().PollAsync("t1", null, CancellationToken.None).AsTask());

        Assert.Equal(status, exception.StatusCode);
        Assert.Contains("read:notifications", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMastodon.Token, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMastodon.Token, string.Join("\n", context.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_LinkToAnotherServer_IsNotFollowed()
    {
        await using var context = await SocialTestContext.StartAsync();
        await using var elsewhere = await FakeMastodon.StartAsync(context.Time);
        AddMentions(context.Server, 1, 6);
        context.Server.LinkOverride = $"<{elsewhere.BaseAddress}api/v1/notifications?min_id=3>; rel=\"prev\"";

        var result = await context.Poller(o => o.PageSize = 3).PollAsync("t1", "0", CancellationToken.None);

        Assert.Equal(Mentions(1, 3), Texts(result));
        Assert.Equal(0, elsewhere.NotificationRequests);
        Assert.Contains(context.Logs.Lines, l => l.Contains("another server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_NoLinkHeader_PagesOnByMinId()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.SendLinks = false;
        AddMentions(context.Server, 1, 7);

        var result = await context.Poller(o => o.PageSize = 3).PollAsync("t1", "0", CancellationToken.None);

        Assert.Equal(Mentions(1, 7), Texts(result));
        Assert.Equal(3, context.Server.NotificationRequests);
    }

    [Fact]
    public async Task Poll_AnotherTenant_MakesNoRequest()
    {
        await using var context = await SocialTestContext.StartAsync();
        AddMentions(context.Server, 1, 2);
        var poller = context.Poller(o => o.TenantId = "acme");

        var other = await poller.PollAsync("globex", "0", CancellationToken.None);
        var own = await poller.PollAsync("acme", "0", CancellationToken.None);

        Assert.Empty(other.Messages);
        Assert.Equal("0", other.NextCursor);
        Assert.Equal(2, own.Messages.Count);
        Assert.Equal(1, context.Server.NotificationRequests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12&max_id=1")]
    [InlineData("../../statuses")]
    public async Task Poll_CursorNotAnId_ThrowsNamingTheCursor(string cursor)
    {
        await using var context = await SocialTestContext.StartAsync();

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => context.Poller().PollAsync("t1", cursor, CancellationToken.None).AsTask());

        Assert.Equal("cursor", exception.ParamName);
        Assert.Equal(0, context.Server.NotificationRequests);
    }

    [Fact]
    public async Task Poll_MalformedEntries_AreSkippedAndTheCursorMovesPastThem()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.NotificationsBodyOverride = """
            [
              {"id":"14","type":"mention","created_at":"2024-04-05T12:00:00Z","account":{"acct":"ana@remote.example"},"status":{"id":"s14","content":"<p>fine</p>","created_at":"2024-04-05T12:00:00Z"}},
              {"id":"13","type":"mention","account":{"acct":"ana@remote.example"},"status":{"id":"s13"}},
              {"id":"12","type":"mention","account":"ana","status":{"id":"s12","content":"x"}},
              {"type":"mention"},
              "garbage"
            ]
            """;

        var result = await context.Poller().PollAsync("t1", "10", CancellationToken.None);

        Assert.Equal("s14", Assert.Single(result.Messages).ExternalId);
        Assert.Equal("14", result.NextCursor);
        Assert.Contains(context.Logs.Lines, l => l.Contains("'$[1].status.content' is required", StringComparison.Ordinal));
        Assert.Contains(context.Logs.Lines, l => l.Contains("'$[2].account' must be an object, not a string", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"error":"maintenance"}""")]
    public async Task Poll_PageThatIsNotAList_ReturnsNothing_KeepsTheCursor(string body)
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.NotificationsBodyOverride = body;

        var result = await context.Poller().PollAsync("t1", "5", CancellationToken.None);

        Assert.Empty(result.Messages);
        Assert.Equal("5", result.NextCursor);
    }

    [Fact]
    public async Task Poll_NoAnswerWithinTimeout_ReturnsNothing_KeepsTheCursor()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(Scripted.Hanging);
        var poller = context.Poller(o => o.Timeout = TimeSpan.FromSeconds(3));

        var polling = poller.PollAsync("t1", "5", CancellationToken.None).AsTask();
        await context.Server.Hung.WaitAsync(_ => true, 1, SocialTestContext.Wait, CancellationToken.None);
        context.Time.Advance(TimeSpan.FromSeconds(3));
        var result = await polling.WaitAsync(SocialTestContext.Wait);

        Assert.Empty(result.Messages);
        Assert.Equal("5", result.NextCursor);
    }

    [Fact]
    public async Task Poll_CallerCancels_Throws()
    {
        await using var context = await SocialTestContext.StartAsync();
        context.Server.Script(Scripted.Hanging);
        using var cancel = new CancellationTokenSource();

        var polling = context.Poller().PollAsync("t1", null, cancel.Token).AsTask();
        await context.Server.Hung.WaitAsync(_ => true, 1, SocialTestContext.Wait, CancellationToken.None);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => polling.WaitAsync(SocialTestContext.Wait));
    }

    [Fact]
    public async Task PollInterval_ComesFromTheOptions()
    {
        await using var context = await SocialTestContext.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(30), context.Poller(o => o.PollInterval = TimeSpan.FromSeconds(30)).PollInterval);
        Assert.Equal("social", context.Poller().Channel);
    }
}
