using Crm.Plugins.Channels;
using Crm.Engine.Channels;
using Crm.Engine.Testing.Channels;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Social.Tests;

/// <summary>The social adapter posting to a Mastodon-compatible server on loopback, for the channel-adapter conformance kit.</summary>
public sealed class SocialAdapterFixture : IChannelAdapterFixture, IAsyncLifetime, IDisposable
{
    private FakeMastodon _server = null!;
    private SocialChannelAdapter _adapter = null!;

    public IChannelAdapter Adapter => _adapter;

    public string ValidRecipient => "@ana@remote.example";

    /// <summary>Not a handle: Mastodon accepts mentions of unknown accounts, so the refusal is the adapter's.</summary>
    public string InvalidRecipient => "ana at remote dot example";

    public async Task InitializeAsync()
    {
        _server = await FakeMastodon.StartAsync(TimeProvider.System);
        _adapter = new SocialChannelAdapter(new SocialChannelOptions { InstanceUrl = _server.BaseAddress, AccessToken = FakeMastodon.Token });
    }

    public async Task<IReadOnlyList<ReceivedAtSink>> ReceivedAsync(string idempotencyKey, int atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The conformance kit sends for tenant "conformance"; the adapter sends a tenant-scoped hash of the key.
        var header = IdempotencyKeys.HeaderValue("conformance", idempotencyKey);
        var statuses = await _server.Statuses.WaitAsync(s => s.IdempotencyKey == header, atLeast, timeout, cancellationToken);
        return statuses.Select(s => new ReceivedAtSink(s.Text.Split(' ')[0], null, s.Text)).ToList();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _adapter.Dispose();
}
