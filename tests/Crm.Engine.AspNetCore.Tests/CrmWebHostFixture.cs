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
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient CreateClient(string? caller = "acme/user-1")
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (caller is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, caller);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddChannelAdapter(new RecordingChannelAdapter())
            .AddInboundWebhookHandler<SignedWebhookHandler>()
            .AddWorkflow(TestWorkflows.Approval);
        builder.Services.AddCrmAspNetCore();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddHealthChecks().AddCrmEngineChecks(o => o.OutboxTenants.Add("acme"));
        builder.Services.AddOpenApi();

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapCrmApi();
        _app.MapCrmWebhooks();
        _app.MapHealthChecks("/health");
        _app.MapOpenApi();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; the test result is what matters.
        }
    }
}
