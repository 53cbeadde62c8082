using BenchmarkDotNet.Attributes;
using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Messaging;

/// <summary>
/// Measures the transactional outbox on SQLite. Enqueue cost: a business transaction (update a customer) alone, with a
/// literal message enqueued in it, and with a templated one; the difference is what the outbox adds. Dispatch
/// throughput: claim, send to an in-memory adapter and record attempt + delivery interaction, for a backlog of
/// <see cref="Backlog"/> messages; messages per second = 1 s / Mean (OperationsPerInvoke = backlog).
/// </summary>
[MemoryDiagnoser]
public class OutboxBenchmark
{
    private const int Backlog = 1_000;
    private string _directory = null!;
    private ServiceProvider _services = null!;
    private ICrmContext _crm = null!;
    private Customer _customer = null!;
    private OutboxDispatcher _dispatcher = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-outbox-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddChannelAdapter(new NullAdapter())
            .AddMessageTemplate(new MessageTemplate
            {
                Id = "welcome",
                Variants = new Dictionary<string, TemplateVariant> { [MessageTemplate.DefaultVariant] = new("Hi {{customer.firstName}}, welcome to {{data.brand}}.") { Subject = "Welcome {{customer.firstName}}", Html = "<p>Hi {{customer.firstName}}</p>" } },
            })
            .ConfigureMessaging(o => o.DispatchOutbox = false);
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant("bench");
        _customer = await _crm.Customers.CreateAsync(new Customer { FirstName = "Bench", Emails = ["bench@example.com"] });
        _dispatcher = _services.GetRequiredService<OutboxDispatcher>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task BusinessTransactionOnly() => _crm.TransactAsync(UpdateCustomerAsync);

    [Benchmark]
    public Task BusinessTransactionWithLiteralMessage() => _crm.TransactAsync(async ct =>
    {
        await UpdateCustomerAsync(ct);
        await _crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = _customer.Id, Subject = "Receipt", TextBody = "Thanks for your order." }, ct);
    });

    [Benchmark]
    public Task BusinessTransactionWithTemplatedMessage() => _crm.TransactAsync(async ct =>
    {
        await UpdateCustomerAsync(ct);
        await _crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = _customer.Id, TemplateId = "welcome", Data = new Dictionary<string, object?> { ["brand"] = "Acme" } }, ct);
    });

    [IterationSetup(Target = nameof(Dispatch))]
    public void EnqueueBacklog()
    {
        for (var i = 0; i < Backlog; i++)
        {
            _crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = _customer.Id, TextBody = "hello" }).GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = Backlog)]
    public Task Dispatch() => _dispatcher.DispatchDueNowAsync(CancellationToken.None);

    private async Task UpdateCustomerAsync(CancellationToken cancellationToken)
    {
        _customer = await _crm.Customers.UpdateAsync(_customer with { Tags = [_customer.Version % 2 == 0 ? "even" : "odd"] }, cancellationToken);
    }

    private sealed class NullAdapter : IChannelAdapter
    {
        public string Channel => InteractionChannels.Email;

        public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DeliveryResult.Delivered(message.IdempotencyKey));
    }
}
