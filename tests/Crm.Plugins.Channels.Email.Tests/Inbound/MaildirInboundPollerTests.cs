using System.Text;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Inbound;

public sealed class MaildirInboundPollerTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new();
    private readonly CapturingLogger<MaildirInboundPoller> _logger = new();

    public void Dispose() => _temp.Dispose();

    private MaildirInboundPoller Poller(string directory, Action<EmailInboxOptions>? configure = null)
    {
        var options = new EmailInboxOptions { Directory = directory, TenantId = "acme" };
        configure?.Invoke(options);
        return new MaildirInboundPoller(options, _logger);
    }

    private string Maildir()
    {
        var root = _temp.Combine("Maildir");
        foreach (var folder in new[] { "new", "cur", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        return root;
    }

    private static string Write(string folder, string name, string message, int minutes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, SampleMessages.Bytes(message));
        File.SetLastWriteTimeUtc(path, T0.AddMinutes(minutes));
        return path;
    }

    private static string Message(string id, string from = "ana@customer.example", string extra = "") => $"""
        From: Ana <{from}>
        Subject: Message {id}
        Message-ID: <{id}@customer.example>
        {extra}Content-Type: text/plain; charset=utf-8

        Text of {id}
        """;

    [Fact]
    public async Task Poll_Maildir_ReturnsMessagesOldestFirstAndLeavesThemUntilAcknowledged()
    {
        var root = Maildir();
        Write(Path.Combine(root, "new"), "1700000002.M2.host", Message("second"), 2);
        Write(Path.Combine(root, "new"), "1700000001.M1.host", SampleMessages.ReplyFromThunderbird, 1);
        Write(Path.Combine(root, "new"), "1700000003.M3.host", Message("third"), 3);
        var poller = Poller(root);

        var result = await poller.PollAsync("acme", null, CancellationToken.None);

        Assert.Equal(["<c0ffee-1@customer.example>", "<second@customer.example>", "<third@customer.example>"], result.Messages.Select(m => m.ExternalId));
        var reply = result.Messages[0];
        Assert.Equal(InteractionChannels.Email, reply.Channel);
        Assert.Equal("ana@customer.example", reply.SenderAddress);
        Assert.Equal("Ana María López", reply.SenderName);
        Assert.Equal("Re: Your order ✓", reply.Subject);
        Assert.Equal("<order-42@example.test>", reply.InReplyTo);
        Assert.StartsWith("Gracias, ¿cuándo llega?", reply.TextBody, StringComparison.Ordinal);
        Assert.NotNull(reply.HtmlBody);
        Assert.Equal(new DateTimeOffset(T0.AddMinutes(1)), reply.ReceivedAt);
        Assert.Equal("<order-40@example.test> <order-42@example.test>", reply.Metadata["references"]);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(root, "new")).Length);

        // The engine crashed before storing the cursor: the same poll again loses nothing.
        var again = await poller.PollAsync("acme", null, CancellationToken.None);
        Assert.Equal(result.Messages.Select(m => m.ExternalId), again.Messages.Select(m => m.ExternalId));
    }

    [Fact]
    public async Task Poll_WithTheStoredCursor_MovesAcknowledgedFilesToCurAndReturnsOnlyNewOnes()
    {
        var root = Maildir();
        Write(Path.Combine(root, "new"), "1.M1.host", Message("one"), 1);
        var poller = Poller(root);
        var first = await poller.PollAsync("acme", null, CancellationToken.None);
        Write(Path.Combine(root, "new"), "2.M2.host", Message("two"), 2);

        var second = await poller.PollAsync("acme", first.NextCursor, CancellationToken.None);

        Assert.Equal(["<two@customer.example>"], second.Messages.Select(m => m.ExternalId));
        Assert.True(File.Exists(Path.Combine(root, "cur", "1.M1.host:2,S")));
        Assert.False(File.Exists(Path.Combine(root, "new", "1.M1.host")));
        var third = await poller.PollAsync("acme", second.NextCursor, CancellationToken.None);
        Assert.Empty(third.Messages);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "new")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "cur")).Length);
    }

    [Fact]
    public async Task Poll_MalformedAndOversizedFiles_AreMovedToBadWithAWarningAndTheRestStillArrive()
    {
        var root = Maildir();
        var incoming = Path.Combine(root, "new");
        Write(incoming, "1.bad.host", "this is not an email at all", 1);
        Write(incoming, "2.nofrom.host", "Subject: hi\n\nno sender", 2);
        Write(incoming, "3.good.host", Message("good"), 3);
        Write(incoming, "4.big.host", Message("big") + new string('x', 4000), 4);
        var poller = Poller(root, o => o.MaxMessageBytes = 2048);

        var result = await poller.PollAsync("acme", null, CancellationToken.None);

        Assert.Equal(["<good@customer.example>"], result.Messages.Select(m => m.ExternalId));
        Assert.Equal(["1.bad.host", "2.nofrom.host", "4.big.host"], Directory.GetFiles(Path.Combine(root, "bad")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var warnings = _logger.Entries.Where(e => e.Id.Id == 6130).Select(e => e.Text).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("1.bad.host", StringComparison.Ordinal) && w.Contains("no header fields", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("4.big.host", StringComparison.Ordinal) && w.Contains("MaxMessageBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_FolderOfMutatedMessages_NeverThrowsAndAccountsForEveryFile()
    {
        var folder = _temp.Combine("fuzz");
        Directory.CreateDirectory(folder);
        var seed = SampleMessages.Bytes(SampleMessages.ReplyFromThunderbird);
        var random = new Random(99);
        for (var i = 0; i < 150; i++)
        {
            var path = Path.Combine(folder, $"m{i:D3}.eml");
            File.WriteAllBytes(path, EmailParserTests.Mutate(seed, random));
            File.SetLastWriteTimeUtc(path, T0.AddSeconds(i));
        }

        var poller = Poller(folder, o => o.MaxMessagesPerPoll = 1000);
        var result = await poller.PollAsync("acme", null, CancellationToken.None);
        var bad = Directory.Exists(Path.Combine(folder, "bad")) ? Directory.GetFiles(Path.Combine(folder, "bad")).Length : 0;

        Assert.Equal(150, result.Messages.Count + bad);
        Assert.All(result.Messages, m => Assert.False(string.IsNullOrEmpty(m.TextBody)));
        var acknowledged = await poller.PollAsync("acme", result.NextCursor, CancellationToken.None);
        Assert.Empty(acknowledged.Messages);
        Assert.Equal(result.Messages.Count, Directory.GetFiles(Path.Combine(folder, "processed")).Length);
    }

    [Fact]
    public async Task Poll_MoreThanTheBatch_ContinuesInTheNextPolls()
    {
        var root = Maildir();
        for (var i = 0; i < 5; i++)
        {
            Write(Path.Combine(root, "new"), $"{i}.M.host", Message("m" + i), i);
        }

        var poller = Poller(root, o => o.MaxMessagesPerPoll = 2);
        var seen = new List<string>();
        string? cursor = null;
        for (var poll = 0; poll < 4; poll++)
        {
            var result = await poller.PollAsync("acme", cursor, CancellationToken.None);
            Assert.True(result.Messages.Count <= 2);
            seen.AddRange(result.Messages.Select(m => m.ExternalId));
            cursor = result.NextCursor;
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"<m{i}@customer.example>"), seen);
    }

    [Fact]
    public async Task Poll_PlainFolder_ReadsOnlyEmlFilesAndMovesReadOnesToProcessed()
    {
        var folder = _temp.Combine("inbox");
        Directory.CreateDirectory(folder);
        Write(folder, "a.eml", Message("a"), 1);
        Write(folder, ".tmp-b.eml", Message("hidden"), 2);
        Write(folder, "c.txt", Message("not-eml"), 3);
        var poller = Poller(folder);

        var first = await poller.PollAsync("acme", null, CancellationToken.None);
        await poller.PollAsync("acme", first.NextCursor, CancellationToken.None);

        Assert.Equal(["<a@customer.example>"], first.Messages.Select(m => m.ExternalId));
        Assert.True(File.Exists(Path.Combine(folder, "processed", "a.eml")));
        Assert.True(File.Exists(Path.Combine(folder, ".tmp-b.eml")));
    }

    [Fact]
    public async Task Poll_MaildirNewFolderConfigured_MovesToTheSiblingCur()
    {
        var root = Maildir();
        Write(Path.Combine(root, "new"), "1.M.host", Message("x"), 1);
        var poller = Poller(Path.Combine(root, "new"));

        var first = await poller.PollAsync("acme", null, CancellationToken.None);
        await poller.PollAsync("acme", first.NextCursor, CancellationToken.None);

        Assert.Single(first.Messages);
        Assert.True(File.Exists(Path.Combine(root, "cur", "1.M.host:2,S")));
    }

    [Fact]
    public async Task Poll_TenantPlaceholder_GivesEachTenantItsOwnInboxAndRefusesUnsafeIds()
    {
        Directory.CreateDirectory(_temp.Combine("tenants", "acme"));
        Directory.CreateDirectory(_temp.Combine("tenants", "globex"));
        Write(_temp.Combine("tenants", "acme"), "a.eml", Message("for-acme"), 1);
        Write(_temp.Combine("tenants", "globex"), "g.eml", Message("for-globex"), 1);
        var poller = Poller(_temp.Combine("tenants", "{tenant}"), o => o.TenantId = null);

        Assert.Equal(["<for-acme@customer.example>"], (await poller.PollAsync("acme", null, CancellationToken.None)).Messages.Select(m => m.ExternalId));
        Assert.Equal(["<for-globex@customer.example>"], (await poller.PollAsync("globex", null, CancellationToken.None)).Messages.Select(m => m.ExternalId));
        Assert.Empty((await poller.PollAsync("..", null, CancellationToken.None)).Messages);
        Assert.Empty((await poller.PollAsync("acme/../globex", null, CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task Poll_InboxOfAnotherTenant_FindsNothingAndKeepsTheCursor()
    {
        var root = Maildir();
        Write(Path.Combine(root, "new"), "1.M.host", Message("x"), 1);
        var poller = Poller(root);

        var result = await poller.PollAsync("globex", "files:1.M.host", CancellationToken.None);

        Assert.Empty(result.Messages);
        Assert.Equal("files:1.M.host", result.NextCursor);
        Assert.True(File.Exists(Path.Combine(root, "new", "1.M.host")));
    }

    [Fact]
    public async Task Poll_CursorNamingPathsOutsideTheInbox_IsIgnored()
    {
        var root = Maildir();
        var outside = Write(_temp.Path, "outside.eml", Message("outside"), 1);
        var poller = Poller(root);

        await poller.PollAsync("acme", "files:../../outside.eml/..", CancellationToken.None);

        Assert.True(File.Exists(outside));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "cur")));
    }

    [Fact]
    public async Task Poll_HtmlOnlyAndEmptyMessages_StillCarryText()
    {
        var folder = _temp.Combine("inbox");
        Directory.CreateDirectory(folder);
        Write(folder, "a.eml", SampleMessages.HtmlOnlyLatin1, 1);
        Write(folder, "b.eml", "From: x@customer.example\nMessage-ID: <empty@x>\n\n", 2);

        var result = await Poller(folder).PollAsync("acme", null, CancellationToken.None);

        Assert.Equal("Hallo & Grüßå\n\n- Eins\n- Zwei", result.Messages[0].TextBody);
        Assert.Equal("(no text)", result.Messages[1].TextBody);
    }

    [Fact]
    public async Task Poll_MissingFolder_ReturnsNothing()
    {
        var result = await Poller(_temp.Combine("does-not-exist")).PollAsync("acme", null, CancellationToken.None);

        Assert.Empty(result.Messages);
        Assert.NotNull(result.NextCursor);
    }

    [Fact]
    public async Task Poll_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Poller(Maildir()).PollAsync("acme", null, cancelled.Token));
    }

    [Fact]
    public async Task Poll_AutoReply_IsFlaggedInMetadata()
    {
        var folder = _temp.Combine("inbox");
        Directory.CreateDirectory(folder);
        Write(folder, "a.eml", Message("ooo", extra: "Auto-Submitted: auto-replied\n"), 1);

        var result = await Poller(folder).PollAsync("acme", null, CancellationToken.None);

        Assert.Equal("auto-replied", Assert.Single(result.Messages).Metadata["autoSubmitted"]);
        Assert.True(Encoding.UTF8.GetByteCount(result.NextCursor!) < 100);
    }
}
