using Crm.Plugins.Channels.Chat.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>One fake webhook per test class; tests keep apart by posting to channels of their own.</summary>
public sealed class ChatWebhookServerFixture : IAsyncLifetime
{
    internal FakeSlackWebhook Webhook { get; private set; } = null!;

    public async Task InitializeAsync() => Webhook = await FakeSlackWebhook.StartAsync();

    public async Task DisposeAsync() => await Webhook.DisposeAsync();

    /// <summary>Gets a channel id no other test uses.</summary>
    public static string NewChannel() => "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
