using Crm.Engine.Events;
using Crm.Engine.Sales;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Sales;

/// <summary>A SQLite engine with a manual clock, one tenant, a standard pipeline and an event recorder.</summary>
internal sealed class SalesHost : IAsyncDisposable
{
    private readonly IDisposable _subscription;

    private SalesHost(TestEngine engine)
    {
        Engine = engine;
        Crm = engine.Tenant();
        _subscription = engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<CrmEvent>((e, _) =>
        {
            lock (Events)
            {
                Events.Add(e);
            }

            return Task.CompletedTask;
        });
    }

    public TestEngine Engine { get; }

    public ICrmContext Crm { get; }

    public List<CrmEvent> Events { get; } = [];

    public DateTimeOffset Now => Engine.Time.GetUtcNow();

    public static async Task<SalesHost> CreateAsync(Action<ICrmEngineBuilder>? configure = null) =>
        new(await TestEngine.CreateAsync(configure));

    public static Pipeline StandardPipeline(string name = "New business") => new()
    {
        Name = name,
        Stages =
        [
            new("prospecting", "Prospecting", 10),
            new("qualification", "Qualification", 25),
            new("proposal", "Proposal", 50),
            new("negotiation", "Negotiation", 75),
            new("won", "Won", 100, DealStatus.Won),
            new("lost", "Lost", 0, DealStatus.Lost),
        ],
    };

    public Task<Customer> CustomerAsync(string name = "Ada", LifecycleStage stage = LifecycleStage.Customer) =>
        Crm.Customers.CreateAsync(new Customer { FirstName = name, LastName = "Lovelace", Emails = [$"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"], LifecycleStage = stage });

    public Task<Deal> DealAsync(Guid pipelineId, Guid customerId, decimal amount, string? owner = null, DateOnly? close = null, string currency = "EUR", string name = "Deal") =>
        Crm.Deals.CreateAsync(new Deal { PipelineId = pipelineId, CustomerId = customerId, Name = name, Amount = amount, Currency = currency, OwnerId = owner, ExpectedCloseDate = close });

    public List<T> EventsOf<T>()
        where T : CrmEvent
    {
        lock (Events)
        {
            return [.. Events.OfType<T>()];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Engine.DisposeAsync();
    }
}
