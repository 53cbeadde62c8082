using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Social.Tests;

/// <summary>The plugin loaded by the engine's plugin host, registered in code and from a plugin folder: manifest, settings schema, guard, unload.</summary>
public sealed class SocialPluginHostTests
{
    private const string PluginId = "crm.channels.social";

    [Fact]
    public async Task RegisteredInCode_ServesAdapterAndPollerThroughTheGuard()
    {
        await using var server = await FakeMastodon.StartAsync(TimeProvider.System);
        await using var host = await PluginHostRunner.StartInCodeAsync<SocialPlugin>(PluginId, Settings(server));

        await AssertServesAsync(host, server);
    }

    [Fact]
    public async Task LoadedFromAPluginFolder_ServesInItsOwnContext_AndUnloadsCleanly()
    {
        await using var server = await FakeMastodon.StartAsync(TimeProvider.System);
        await using var host = await PluginHostRunner.StartFromFolderAsync(PluginId, Settings(server));

        await AssertServesAsync(host, server);
        Assert.Contains(host.Catalog.FindPlugin(PluginId)!.Assemblies, a => a is { Name: "Crm.Plugins.Channels.Social", Origin: PluginAssemblyOrigin.Plugin });
    }

    [Fact]
    public async Task MissingRequiredSettings_FailThePluginNamingThem()
    {
        await using var host = await PluginHostRunner.StartInCodeAsync<SocialPlugin>(PluginId, """{"instanceUrl":"https://mastodon.example/"}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("accessToken", info.LastError, StringComparison.Ordinal);
    }

    private static string Settings(FakeMastodon server) =>
        $$"""{"instanceUrl":"{{server.BaseAddress}}","accessToken":"{{FakeMastodon.Token}}","pollIntervalSeconds":30}""";

    private static async Task AssertServesAsync(PluginHostRunner host, FakeMastodon server)
    {
        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.True(info.State == PluginState.Active, info.LastError);
        server.AddMention(1, content: "<p>hello from the fediverse</p>");

        var sent = await host.Plugins.GetService<IChannelAdapter>(PluginId).InvokeAsync(
            new OutboundMessage { TenantId = "t1", Recipient = "@ana@remote.example", TextBody = "through the guard", IdempotencyKey = "k1" },
            static (a, m, ct) => a.SendAsync(m, ct));
        Assert.True(sent.IsDelivered, sent.FailureReason);
        Assert.Equal("@ana@remote.example through the guard", Assert.Single(server.Statuses.Where(_ => true)).Text);

        var polled = await host.Plugins.GetService<IInboundPoller>(PluginId).InvokeAsync("t1", static (p, tenant, ct) => p.PollAsync(tenant, null, ct));
        Assert.Equal("hello from the fediverse", Assert.Single(polled.Messages).TextBody);
        Assert.Equal("1", polled.NextCursor);
        Assert.Equal(TimeSpan.FromSeconds(30), await host.Plugins.GetService<IInboundPoller>(PluginId).InvokeAsync(0, static (p, _, _) => ValueTask.FromResult(p.PollInterval)));
    }
}
