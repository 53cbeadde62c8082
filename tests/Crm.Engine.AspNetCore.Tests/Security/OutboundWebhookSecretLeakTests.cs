using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Engine.AspNetCore.OutboundWebhooks;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests.Security;

/// <summary>
/// An outbound webhook's signing secret never reaches a log line, the outbox message, its attempt records or the audit
/// log when the receiver refuses the delivery and echoes the secret back in its answer.
/// </summary>
public sealed class OutboundWebhookSecretLeakTests
{
    private const string Secret = "whsec-0123456789-very-secret-signing-key";

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task A_refused_delivery_never_shows_the_signing_secret(int status)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-leak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var lines = new ConcurrentQueue<string>();
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.Logging.ClearProviders();
        await using var receiverApp = receiver.Build();
        receiverApp.MapPost("/hook", (HttpContext http) => Results.Text(
            $"refused: key {Secret} signature {http.Request.Headers[OutboundWebhookOptions.SignatureHeader]}", statusCode: status));
        await receiverApp.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new CapturingProvider(lines));
        builder.Services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"))
            .ConfigureMessaging(o => o.PollInterval = TimeSpan.FromMilliseconds(100))
            .AddOutboundWebhooks(o =>
            {
                var subscription = new OutboundWebhookSubscription { Id = "erp", Url = new Uri(new Uri(receiverApp.Urls.Single()), "/hook"), Secret = Secret };
                subscription.Events.Add("customerCreated");
                o.Subscriptions.Add(subscription);
            });
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            var engine = app.Services.GetRequiredService<ICrmEngine>();
            await engine.ForCaller(new CrmCaller("acme", "user-1")).Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] });
            var crm = engine.ForCaller(CrmCaller.System("acme"));

            // Poll with a deadline for the first recorded attempt (the failure is what we inspect).
            OutboxMessage? message = null;
            IReadOnlyList<OutboxAttempt> attempts = [];
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (attempts.Count == 0)
            {
                deadline.Token.ThrowIfCancellationRequested();
                message = (await crm.Messages.ListAsync(new OutboxQuery())).Items.FirstOrDefault(m => m.Channel == OutboundWebhookOptions.Channel);
                attempts = message is null ? [] : await crm.Messages.GetAttemptsAsync(message.Id);
                await Task.Yield();
            }

            message = await crm.Messages.GetAsync(message!.Id);
            var audit = (await crm.Audit.ForActorAsync("user-1")).Items;
            var texts = lines.ToList();
            texts.Add(JsonSerializer.Serialize(message));
            texts.Add(JsonSerializer.Serialize(attempts));
            texts.Add(JsonSerializer.Serialize(audit));

            Assert.NotEqual(OutboxStatus.Delivered, message!.Status);
            Assert.NotEmpty(audit); // the control: the audit log was written and is part of what is searched
            Assert.All(texts, t => Assert.DoesNotContain(Secret, t, StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await receiverApp.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
