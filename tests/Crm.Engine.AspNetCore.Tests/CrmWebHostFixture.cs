using System.Net.Http.Headers;
using Crm.Engine.AspNetCore.Health;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>A web host on Kestrel at a loopback port with the engine on a temporary SQLite file.</summary>
public sealed class CrmWebHostFixture : IAsyncLifetime
{
    private LoopbackWebHost? _host;

    public Uri BaseAddress => _host!.BaseAddress;

    public HttpClient CreateClient(string? caller = "acme/user-1")
    {
        var client = _host!.CreateClient(caller);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task InitializeAsync() =>
        _host = await LoopbackWebHost.StartAsync(
            engine => engine
                .AddChannelAdapter(new RecordingChannelAdapter())
                .AddInboundWebhookHandler<SignedWebhookHandler>()
                .AddWorkflow(TestWorkflows.Approval),
            services =>
            {
                services.AddHealthChecks().AddCrmEngineChecks(o => o.OutboxTenants.Add("acme"));
                services.AddOpenApi();
            },
            app =>
            {
                app.MapCrmWebhooks();
                app.MapHealthChecks("/health");
                app.MapOpenApi();
            });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
