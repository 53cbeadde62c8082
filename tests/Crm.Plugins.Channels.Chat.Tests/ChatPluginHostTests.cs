using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>The plugin loaded by the engine's plugin host, registered in code and from a plugin folder: manifest, settings schema, guard, unload.</summary>
public sealed class ChatPluginHostTests
{
    private const string PluginId = "crm.channels.chat";

    [Fact]
    public async Task RegisteredInCode_ServesAdapterAndWebhookHandlerThroughTheGuard()
    {
        await using var webhook = await FakeSlackWebhook.StartAsync();
        await using var host = await PluginHostRunner.StartInCodeAsync<ChatPlugin>(PluginId, Settings(webhook));

        await AssertServesAsync(host, webhook);
    }

    [Fact]
    public async Task LoadedFromAPluginFolder_ServesInItsOwnContext_AndUnloadsCleanly()
    {
        await using var webhook = await FakeSlackWebhook.StartAsync();
        await using var host = await PluginHostRunner.StartFromFolderAsync(PluginId, Settings(webhook));

        await AssertServesAsync(host, webhook);
        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.Contains(info.Assemblies, a => a is { Name: "Crm.Plugins.Channels.Chat", Origin: PluginAssemblyOrigin.Plugin });
        Assert.Contains(info.Assemblies, a => a is { Name: "Crm.Engine.Abstractions", Origin: PluginAssemblyOrigin.Host });
    }

    [Fact]
    public async Task SettingsFailingTheManifestSchema_FailThePluginNamingThePath()
    {
        await using var host = await PluginHostRunner.StartInCodeAsync<ChatPlugin>(PluginId, """{"timeoutSeconds":0}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("$.timeoutSeconds", info.LastError, StringComparison.Ordinal);
    }

    private static string Settings(FakeSlackWebhook webhook) =>
        $$"""{"webhookUrl":"{{webhook.WebhookUrl}}","signingSecret":"{{SlackRequests.Secret}}"}""";

    private static async Task AssertServesAsync(PluginHostRunner host, FakeSlackWebhook webhook)
    {
        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.True(info.State == PluginState.Active, info.LastError);
        Assert.Equal("0.1.0", info.Version);

        var text = "through the guard " + Guid.NewGuid().ToString("N");
        var sent = await host.Plugins.GetService<IChannelAdapter>(PluginId).InvokeAsync(
            new OutboundMessage { TenantId = "t1", Recipient = "C0GENERAL", TextBody = text, IdempotencyKey = "k1" },
            static (a, m, ct) => a.SendAsync(m, ct));
        Assert.True(sent.IsDelivered, sent.FailureReason);
        Assert.Single(webhook.Posts.Where(p => p.Text == text));

        var received = await host.Plugins.GetService<IInboundWebhookHandler>(PluginId).InvokeAsync(
            SlackRequests.Signed(SlackRequests.MessageEvent()),
            static (h, r, ct) => h.HandleAsync(r, ct));
        Assert.Equal("U0ANA", Assert.Single(received.Messages).SenderAddress);
    }
}
