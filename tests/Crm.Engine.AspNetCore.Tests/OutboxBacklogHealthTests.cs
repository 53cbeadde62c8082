using System.Net;
using Crm.Engine.AspNetCore.Health;
using Crm.Engine.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>A host whose channel never answers, so enqueued messages stay pending and the outbox check reports them.</summary>
public sealed class OutboxBacklogHealthTests : IAsyncLifetime
{
    private const string Tenant = "busy";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-backlog-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddChannelAdapter(new SilentChannelAdapter());
        builder.Services.AddHealthChecks().AddCrmEngineChecks(o =>
        {
            o.OutboxTenants.Add(Tenant);
            o.MaxPendingMessages = 1;
        });
        _app = builder.Build();
        _app.MapHealthChecks("/health");
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    [Fact]
    public async Task More_pending_messages_than_the_threshold_report_the_outbox_degraded()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));

        var crm = _app.Services.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(Tenant));
        for (var i = 0; i < 2; i++)
        {
            await crm.Messages.EnqueueAsync(new MessageRequest { Channel = SilentChannelAdapter.Name, Recipient = "+4930123456" + i, TextBody = "hi" });
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", await response.Content.ReadAsStringAsync());
    }

    private sealed class SilentChannelAdapter : IChannelAdapter
    {
        public const string Name = "silent";

        public string Channel => Name;

        public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DeliveryResult.Delivered("never");
        }
    }
}
