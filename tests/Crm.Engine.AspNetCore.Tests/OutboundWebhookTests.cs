using System.Net;
using System.Text;
using System.Text.Json;
using Crm.Engine.AspNetCore.OutboundWebhooks;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>A receiver on loopback gets a signed customerCreated delivery through the outbox and verifies it.</summary>
public sealed class OutboundWebhookTests : IAsyncLifetime
{
    private const string Secret = "receiver-secret";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-outbound-" + Guid.NewGuid().ToString("N"));
    private readonly TaskCompletionSource<(byte[] Body, string? Signature, string? Event)> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _receiver = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.Logging.ClearProviders();
        _receiver = receiver.Build();
        _receiver.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            _received.TrySetResult((buffer.ToArray(), http.Request.Headers[OutboundWebhookOptions.SignatureHeader].ToString(), http.Request.Headers[OutboundWebhookOptions.EventHeader].ToString()));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        var hook = new Uri(new Uri(_receiver.Urls.Single()), "/hook");

        Directory.CreateDirectory(_directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .ConfigureMessaging(o => o.PollInterval = TimeSpan.FromMilliseconds(100))
            .AddOutboundWebhooks(o =>
            {
                var subscription = new OutboundWebhookSubscription { Id = "erp", Url = hook, Secret = Secret };
                subscription.Events.Add("customerCreated");
                o.Subscriptions.Add(subscription);
            });
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
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
    public async Task A_created_customer_is_delivered_signed_and_the_receiver_verifies_it()
    {
        var engine = _app.Services.GetRequiredService<ICrmEngine>();
        // The outbox raises MessageDelivered once the delivery and its attempt are recorded: the signal to check the log.
        var deliveredSignal = new TaskCompletionSource<OutboxMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _app.Services.GetRequiredService<ICrmEventBus>().Subscribe<MessageDelivered>((e, _) =>
        {
            if (e.Message.Channel == OutboundWebhookOptions.Channel)
            {
                deliveredSignal.TrySetResult(e.Message);
            }

            return Task.CompletedTask;
        });
        var customer = await engine.ForCaller(new CrmCaller("acme", "user-1")).Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] });

        var (body, signature, name) = await _received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("customerCreated", name);
        Assert.True(OutboundWebhookSignature.Verify(Secret, signature, body, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(OutboundWebhookSignature.Verify("wrong-secret", signature, body, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("Ada", "Eve", StringComparison.Ordinal));
        Assert.False(OutboundWebhookSignature.Verify(Secret, signature, tampered, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(OutboundWebhookSignature.Verify(Secret, signature, body, TimeProvider.System.GetUtcNow().AddHours(1), TimeSpan.FromMinutes(5)));
        using var envelope = JsonDocument.Parse(body);
        Assert.Equal("customerCreated", envelope.RootElement.GetProperty("type").GetString());
        Assert.Equal("acme", envelope.RootElement.GetProperty("tenantId").GetString());
        Assert.Contains(customer.Id.ToString(), envelope.RootElement.GetProperty("data").GetRawText(), StringComparison.Ordinal);

        // The delivery is logged in the outbox: the message ends delivered with one attempt.
        var crm = engine.ForCaller(CrmCaller.System("acme"));
        var delivered = await deliveredSignal.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(OutboxStatus.Delivered, (await crm.Messages.GetAsync(delivered.Id))!.Status);

        Assert.NotNull(delivered);
        Assert.Single(await crm.Messages.GetAttemptsAsync(delivered.Id));
    }
}
