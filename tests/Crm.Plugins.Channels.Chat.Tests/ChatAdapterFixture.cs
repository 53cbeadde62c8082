using Crm.Plugins.Channels;
using Crm.Engine.Channels;
using Crm.Engine.Testing.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>The chat adapter posting to a Slack-compatible webhook on loopback, for the channel-adapter conformance kit.</summary>
public sealed class ChatAdapterFixture : IChannelAdapterFixture, IAsyncLifetime, IDisposable
{
    private FakeSlackWebhook _webhook = null!;
    private ChatChannelAdapter _adapter = null!;

    public IChannelAdapter Adapter => _adapter;

    public string ValidRecipient => "C0GENERAL";

    public string InvalidRecipient => FakeSlackWebhook.UnknownChannel;

    public async Task InitializeAsync()
    {
        _webhook = await FakeSlackWebhook.StartAsync();
        _adapter = new ChatChannelAdapter(new ChatChannelOptions { WebhookUrl = _webhook.WebhookUrl });
    }

    public async Task<IReadOnlyList<ReceivedAtSink>> ReceivedAsync(string idempotencyKey, int atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The conformance kit sends for tenant "conformance"; the adapter sends a tenant-scoped hash of the key.
        var header = IdempotencyKeys.HeaderValue("conformance", idempotencyKey);
        var posts = await _webhook.Posts.WaitAsync(p => p.IdempotencyKey == header, atLeast, timeout, cancellationToken);
        return posts.Select(p => new ReceivedAtSink(p.Channel, null, p.Text)).ToList();
    }

    public async Task DisposeAsync() => await _webhook.DisposeAsync();

    public void Dispose() => _adapter.Dispose();
}
