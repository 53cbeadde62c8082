using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;
using Crm.Plugins.Channels.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Social.Tests;

/// <summary>The plugin loaded by the engine's plugin host as an application registers it: embedded manifest, settings schema, guard.</summary>
public sealed class SocialPluginHostTests
{
    private const string PluginId = "crm.channels.social";

    [Fact]
    public async Task RegisteredInCode_ServesAdapterAndPollerThroughTheGuard()
    {
        await using var server = await FakeMastodon.StartAsync(TimeProvider.System);
        server.AddMention(1, content: "<p>hello from the fediverse</p>");
        await using var host = await StartHostAsync($$"""{"instanceUrl":"{{server.BaseAddress}}","accessToken":"{{FakeMastodon.Token}}","pollIntervalSeconds":30}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.True(info.State == PluginState.Active, info.LastError);

        var adapter = host.Plugins.GetService<IChannelAdapter>(PluginId);
        var sent = await adapter.InvokeAsync(
            new OutboundMessage { TenantId = "t1", Recipient = "@ana@remote.example", TextBody = "through the guard", IdempotencyKey = "k1" },
            static (a, m, ct) => a.SendAsync(m, ct));
        Assert.True(sent.IsDelivered, sent.FailureReason);
        Assert.Equal("@ana@remote.example through the guard", Assert.Single(server.Statuses.Where(_ => true)).Text);

        var poller = host.Plugins.GetService<IInboundPoller>(PluginId);
        var polled = await poller.InvokeAsync("t1", static (p, tenant, ct) => p.PollAsync(tenant, null, ct));
        Assert.Equal("hello from the fediverse", Assert.Single(polled.Messages).TextBody);
        Assert.Equal("1", polled.NextCursor);
    }

    [Fact]
    public async Task MissingRequiredSettings_FailThePluginNamingThem()
    {
        await using var host = await StartHostAsync("""{"instanceUrl":"https://mastodon.example/"}""");

        var info = host.Catalog.FindPlugin(PluginId)!;
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("accessToken", info.LastError, StringComparison.Ordinal);
    }

    private static async Task<Host> StartHostAsync(string settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new ListLoggerFactory());
        new TestEngineBuilder(services).AddPlugin<SocialPlugin>();
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
