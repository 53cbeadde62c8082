using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Channels.Email.Tests.Plugin;

/// <summary>Loads the plugin through the real plugin host: embedded plugin.json, settings schema, services, guard.</summary>
public sealed class PluginHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed class Builder(IServiceCollection services) : ICrmEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private static readonly string PluginBuildDirectory = typeof(PluginHostTests).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PluginBuildDirectory").Value!;

    private static async Task<ServiceProvider> StartAsync(object settings, string? pluginRoot = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (pluginRoot is null)
        {
            new Builder(services).AddPlugin<EmailPlugin>();
        }
        else
        {
            new Builder(services).AddPluginsFromDirectory(pluginRoot, o =>
            {
                o.EnableHotReload = false;
                o.ShadowCopyDirectory = Path.Combine(pluginRoot, "..", "shadow");
            });
        }

        services.Configure<PluginHostOptions>(o => o.Settings[EmailPlugin.PluginId] = JsonSerializer.SerializeToElement(settings));
        var provider = services.BuildServiceProvider();
        foreach (var component in provider.GetServices<ICrmEngineComponent>())
        {
            await component.StartAsync(CancellationToken.None);
        }

        return provider;
    }

    private static async Task<PluginInfo> SettledAsync(IServiceProvider provider)
    {
        var catalog = provider.GetRequiredService<IPluginCatalog>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var info = catalog.FindPlugin(EmailPlugin.PluginId);
            if (info is { State: PluginState.Active or PluginState.Failed } || DateTime.UtcNow > deadline)
            {
                return info ?? throw new InvalidOperationException("The plugin is not in the catalog.");
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AddPlugin_WithSettings_SendsToThePickupFolderAndPollsTheInbox()
    {
        var inbox = _temp.Combine("inbox");
        Directory.CreateDirectory(inbox);
        await File.WriteAllTextAsync(Path.Combine(inbox, "a.eml"), "From: ana@customer.example\r\nMessage-ID: <a@customer.example>\r\n\r\nHi\r\n");
        await using var provider = await StartAsync(new
        {
            from = "crm@example.test",
            pickupDirectory = _temp.Combine("pickup"),
            inbox = new { directory = inbox, tenantId = "acme" },
        });

        var info = await SettledAsync(provider);
        Assert.True(info.State == PluginState.Active, info.LastError);
        Assert.Equal("0.1.0", info.Version);
        var plugins = provider.GetRequiredService<IPluginServices>();
        var result = await plugins.GetService<IChannelAdapter>(EmailPlugin.PluginId)
            .InvokeAsync(Messages.Outbound(key: "hosted-1"), static (adapter, message, token) => adapter.SendAsync(message, token), CancellationToken.None);
        var poll = await plugins.GetService<IInboundPoller>(EmailPlugin.PluginId)
            .InvokeAsync("acme", static (poller, tenant, token) => poller.PollAsync(tenant, null, token), CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.True(File.Exists(Path.Combine(_temp.Combine("pickup"), "acme~hosted-1.eml")));
        Assert.Equal("<a@customer.example>", Assert.Single(poll.Messages).ExternalId);
    }

    [Fact]
    public async Task AddPluginsFromDirectory_BuildOutput_LoadsInItsOwnContextAndSends()
    {
        var folder = _temp.Combine("plugins", "email");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(PluginBuildDirectory))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        await using var provider = await StartAsync(new { from = "crm@example.test", pickupDirectory = _temp.Combine("pickup") }, _temp.Combine("plugins"));

        var info = await SettledAsync(provider);
        Assert.True(info.State == PluginState.Active, info.LastError);
        Assert.Equal(PluginSource.Folder, info.Source);
        var result = await provider.GetRequiredService<IPluginServices>().GetService<IChannelAdapter>(EmailPlugin.PluginId)
            .InvokeAsync(Messages.Outbound(key: "from-folder"), static (adapter, message, token) => adapter.SendAsync(message, token), CancellationToken.None);
        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.True(File.Exists(Path.Combine(_temp.Combine("pickup"), "acme~from-folder.eml")));
    }

    [Fact]
    public async Task AddPlugin_SettingsAgainstTheManifestSchema_AreRejectedNamingThePath()
    {
        await using var provider = await StartAsync(new { from = "crm@example.test", mode = "carrier-pigeon" });

        var info = await SettledAsync(provider);

        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("mode", info.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPlugin_SettingsThePluginRefuses_AreRejectedNamingThePath()
    {
        await using var provider = await StartAsync(new { from = "crm@example.test", mode = "smtp", smtp = new { host = "smtp.example.test", userName = "u" } });

        var info = await SettledAsync(provider);

        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("$.smtp.password is not set", info.LastError, StringComparison.Ordinal);
    }
}
