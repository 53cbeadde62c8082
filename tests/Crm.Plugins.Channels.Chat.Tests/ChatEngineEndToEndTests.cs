using System.Text.Json;
using Crm.Engine;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Plugins;
using Crm.Engine.Storage;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>
/// The whole path through a real engine on SQLite: the outbox dispatcher finds the plugin's adapter through the
/// plugin host and posts to the webhook; a signed webhook routed by plugin id becomes a lead's inbound interaction.
/// </summary>
public sealed class ChatEngineEndToEndTests : IAsyncLifetime
{
    private const string PluginId = "crm.channels.chat";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-chat-e2e", Guid.NewGuid().ToString("N"));
    private FakeSlackWebhook _webhook = null!;
    private ServiceProvider _provider = null!;
    private ICrmContext _crm = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _webhook = await FakeSlackWebhook.StartAsync();
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddPlugin<ChatPlugin>();
        services.Configure<PluginHostOptions>(o => o.Settings[PluginId] = JsonDocument.Parse(
            $$"""{"webhookUrl":"{{_webhook.WebhookUrl}}","signingSecret":"{{SlackRequests.Secret}}"}""").RootElement.Clone());
        _provider = services.BuildServiceProvider();
        var engine = _provider.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant("t1");
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _webhook.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OutboxMessage_OnTheChatChannel_IsPostedByThePluginAndDelivered()
    {
        var ana = await _crm.Customers.CreateAsync(new Customer
        {
            FirstName = "Ana",
            Attributes = new Dictionary<string, AttributeValue> { ["chatHandle"] = AttributeValue.FromString("C0GENERAL") },
        });
        var text = "Your order shipped " + Guid.NewGuid().ToString("N");
        var delivered = new TaskCompletionSource<OutboxMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _provider.GetRequiredService<ICrmEventBus>().Subscribe<MessageDelivered>((e, _) =>
        {
            delivered.TrySetResult(e.Message);
            return Task.CompletedTask;
        });

        var message = await _crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Chat, CustomerId = ana.Id, TextBody = text });

        var post = Assert.Single(await _webhook.Posts.WaitAsync(p => p.Text == text, 1, TimeSpan.FromSeconds(20), CancellationToken.None));
        Assert.Equal("C0GENERAL", post.Channel);
        Assert.Equal(message.Id, (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(20))).Id);
        Assert.Equal(OutboxStatus.Delivered, (await _crm.Messages.GetAsync(message.Id))!.Status);

        Assert.Equal(InteractionDirection.Outbound, Assert.Single((await _crm.Interactions.GetTimelineAsync(ana.Id)).Items).Direction);
    }

    [Fact]
    public async Task SignedWebhook_RoutedByPluginId_RecordsALead_ForgedOneRecordsNothing()
    {
        var forged = SlackRequests.Signed(SlackRequests.MessageEvent(ts: "1712345678.000200"), secret: "not-the-signing-secret-at-all");
        var rejected = await _crm.Messages.HandleWebhookAsync(PluginId, forged);
        var accepted = await _crm.Messages.HandleWebhookAsync(PluginId, SlackRequests.Signed(SlackRequests.MessageEvent()));

        Assert.Equal(InboundRejectionKind.InvalidSignature, rejected.Result.Rejection);
        var received = Assert.Single(accepted.Received);
        Assert.True(received.CreatedLead);
        Assert.Equal("U0ANA", (await _crm.Customers.GetAsync(received.CustomerId))!.Attributes["chatHandle"].ToString());
        Assert.Equal(1, await _crm.Customers.CountAsync(null));
    }
}
