using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Pickup;

public sealed class PickupFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => _temp.Combine("pickup");

    private EmailChannelAdapter Adapter() =>
        new(new EmailChannelOptions { FromAddress = "crm@example.test", PickupDirectory = Folder }, TimeProvider.System, new CapturingLogger<EmailChannelAdapter>());

    [Fact]
    public async Task Send_SameKeyFromANewAdapter_DoesNotWriteASecondFile()
    {
        var message = Messages.Outbound(key: "welcome-42");
        DeliveryResult first;
        await using (var adapter = Adapter())
        {
            first = await adapter.SendAsync(message, CancellationToken.None);
        }

        var written = Assert.Single(Directory.GetFiles(Folder));
        var before = await File.ReadAllBytesAsync(written);

        // A new process (here a new adapter, so no in-memory cache) resends after a crash, with other content even.
        await using (var restarted = Adapter())
        {
            var second = await restarted.SendAsync(message with { TextBody = "changed" }, CancellationToken.None);
            Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
        }

        Assert.Equal(Path.Combine(Folder, "acme~welcome-42.eml"), Assert.Single(Directory.GetFiles(Folder)));
        Assert.Equal(before, await File.ReadAllBytesAsync(written));
        Assert.True(EmailParser.TryParse(before, out var parsed, out _));
        Assert.Equal("<welcome-42@example.test>", parsed.MessageId);
    }

    [Fact]
    public async Task Send_SameKeyInTwoTenants_WritesTwoFiles()
    {
        await using var adapter = Adapter();

        await adapter.SendAsync(Messages.Outbound(key: "k1", tenant: "acme"), CancellationToken.None);
        await adapter.SendAsync(Messages.Outbound(key: "k1", tenant: "globex"), CancellationToken.None);

        Assert.Equal(["acme~k1.eml", "globex~k1.eml"], Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_KeysUnsafeForFileNames_AreHashedAndStayUnique()
    {
        await using var adapter = Adapter();

        await adapter.SendAsync(Messages.Outbound(key: "../../etc/passwd"), CancellationToken.None);
        await adapter.SendAsync(Messages.Outbound(key: "a/b"), CancellationToken.None);
        await adapter.SendAsync(Messages.Outbound(key: "a\\b"), CancellationToken.None);

        var names = Directory.GetFiles(Folder).Select(Path.GetFileName).ToList();
        Assert.Equal(3, names.Count);
        Assert.All(names, n => Assert.Matches("^acme~h[0-9a-f]{32}\\.eml$", n));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Send_ManyConcurrently_LeavesOnlyCompleteFilesAndNoTemporaryOnes()
    {
        await using var adapter = Adapter();
        var messages = Enumerable.Range(0, 40).Select(i => Messages.Outbound(key: "c" + (i % 20), text: "body " + i)).ToList();

        var results = await Task.WhenAll(messages.Select(m => adapter.SendAsync(m, CancellationToken.None).AsTask()));

        Assert.All(results, r => Assert.True(r.IsDelivered, r.FailureReason));
        var files = Directory.GetFiles(Folder);
        Assert.Equal(20, files.Length);
        Assert.All(files, f => Assert.True(EmailParser.TryParse(File.ReadAllBytes(f), out _, out var error), error));
        Assert.Empty(Directory.GetFiles(Folder, ".tmp-*"));
    }

    [Fact]
    public async Task Send_FolderCannotBeCreated_IsTransient()
    {
        var blocker = _temp.Combine("file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        await using var adapter = new EmailChannelAdapter(
            new EmailChannelOptions { FromAddress = "crm@example.test", PickupDirectory = Path.Combine(blocker, "sub") },
            TimeProvider.System,
            new CapturingLogger<EmailChannelAdapter>());

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("pickup folder", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("alice@example.test\r\nBcc: x@example.test")]
    public async Task Send_InvalidRecipient_IsPermanentAndWritesNothing(string recipient)
    {
        await using var adapter = Adapter();

        var result = await adapter.SendAsync(Messages.Outbound(recipient: recipient), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.False(Directory.Exists(Folder) && Directory.GetFiles(Folder).Length > 0);
    }
}
