using System.Net.Http.Headers;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Acme.SmsGateway;

/// <summary>
/// The plugin's entry point: reads its validated settings and registers the SMS channel adapter and its health check
/// into the plugin's own service collection.
/// </summary>
public sealed class SmsGatewayPlugin : ICrmPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.GetSettings(SmsGatewayJson.Default.SmsGatewaySettings)
            ?? throw new InvalidOperationException("The SMS gateway needs settings: baseUrl, apiKey and senderId.");
        services.AddSingleton(settings);

        // The client belongs to this plugin version: the plugin's container disposes it when the version unloads.
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = settings.BaseUrl,
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey) },
        });
        services.AddSingleton<IChannelAdapter, SmsChannelAdapter>();
        services.AddSingleton<IPluginHealthCheck, SmsGatewayHealthCheck>();
    }
}
