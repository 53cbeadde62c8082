using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>The plugin loaded by the engine's plugin host as an application registers it: embedded manifest, settings schema, guard.</summary>
public sealed class ChatPluginHostTests
{
    private const string PluginId = "crm.channels.chat";

    [Fact]
    public async Task RegisteredInCode_ServesAdapterAndWebhookHandlerThroughTheGuard()
    {
        await using var webhook = await FakeSlackWebhook.StartAsync();
        await using var host = await StartHostAsync($$"""{"webhookUrl":"{{webhook.WebhookUrl}}","signingSecret":"{{SlackRequests.Secret}}"}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.True(info.State == PluginState.Active, info.LastError);
        Assert.Equal("0.1.0", info.Version);

        var adapter = host.Plugins.GetService<IChannelAdapter>(PluginId);
        var sent = await adapter.InvokeAsync(
            new OutboundMessage { TenantId = "t1", Recipient = "C0GENERAL", TextBody = "through the guard", IdempotencyKey = "k1" },
            static (a, m, ct) => a.SendAsync(m, ct));
        Assert.True(sent.IsDelivered, sent.FailureReason);
        Assert.Single(webhook.Posts.Where(p => p.Text == "through the guard"));

        var handler = host.Plugins.GetService<IInboundWebhookHandler>(PluginId);
        var received = await handler.InvokeAsync(SlackRequests.Signed(SlackRequests.MessageEvent()), static (h, r, ct) => h.HandleAsync(r, ct));
        Assert.Equal("U0ANA", Assert.Single(received.Messages).SenderAddress);
    }

    [Fact]
    public async Task SettingsFailingTheManifestSchema_FailThePluginNamingThePath()
    {
        await using var host = await StartHostAsync("""{"timeoutSeconds":0}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("$.timeoutSeconds", info.LastError, StringComparison.Ordinal);
    }

    private static async Task<Host> StartHostAsync(string settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new ListLoggerFactory());
        new TestEngineBuilder(services).AddPlugin<ChatPlugin>();
        services.Configure<PluginHostOptions>(o => o.Settings[PluginId] = JsonDocument.Parse(settings).RootElement.Clone());
        var provider = services.BuildServiceProvider();
        foreach (var component in provider.GetServices<ICrmEngineComponent>())
        {
            await component.StartAsync(CancellationToken.None);
        }

        return new Host(provider);
    }

    private sealed class Host(ServiceProvider provider) : IAsyncDisposable
    {
        public IPluginServices Plugins => provider.GetRequiredService<IPluginServices>();

        public IPluginCatalog Catalog => provider.GetRequiredService<IPluginCatalog>();

        public async ValueTask DisposeAsync()
        {
            foreach (var component in provider.GetServices<ICrmEngineComponent>())
            {
                await component.StopAsync(CancellationToken.None);
            }

            await provider.DisposeAsync();
        }
    }
}
