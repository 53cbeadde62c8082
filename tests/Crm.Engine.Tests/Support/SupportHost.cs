using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Crm.Engine.Support;
using Crm.Engine.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Support;

/// <summary>An engine on SQLite with a manual clock, support configured, and a recorder of support events.</summary>
internal sealed class SupportHost : IAsyncDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    private SupportHost(TestEngine engine)
    {
        Engine = engine;
        Crm = engine.Tenant();
        var bus = engine.Provider.GetRequiredService<ICrmEventBus>();
        _subscriptions.Add(bus.Subscribe<CrmEvent>((e, _) =>
        {
            lock (Events)
            {
                Events.Add(e);
            }

            return Task.CompletedTask;
        }));
    }

    public TestEngine Engine { get; }

    public ICrmContext Crm { get; }

    public ManualTimeProvider Time => Engine.Time;

    public List<CrmEvent> Events { get; } = [];

    public static async Task<SupportHost> CreateAsync(Action<SupportOptions>? configure = null, Action<ICrmEngineBuilder>? builder = null) =>
        new(await TestEngine.CreateAsync(b =>
        {
            b.ConfigureSupport(o => configure?.Invoke(o));
            builder?.Invoke(b);
        }));

    public IReadOnlyList<T> EventsOf<T>()
        where T : CrmEvent
    {
        lock (Events)
        {
            return [.. Events.OfType<T>()];
        }
    }

    public Task<Customer> CustomerAsync(string firstName = "Ada") =>
        Crm.Customers.CreateAsync(new Customer { FirstName = firstName, LastName = "Lovelace", Emails = [$"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"] });

    public Task<Interaction> InboundAsync(Guid customerId, string subject, string channel = InteractionChannels.Email, string? body = null) =>
        Crm.Interactions.RecordAsync(new Interaction
        {
            CustomerId = customerId,
            Channel = channel,
            Direction = InteractionDirection.Inbound,
            OccurredAt = Time.GetUtcNow(),
            Subject = subject,
            Body = body,
        });

    /// <summary>Advances the clock and waits until the job runner finished what fell due.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        Time.Advance(delta);
        await Engine.Provider.GetRequiredService<JobRunner>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Advances the clock to an instant.</summary>
    public Task AdvanceToAsync(DateTimeOffset instant) => AdvanceAsync(instant - Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await Engine.DisposeAsync();
    }
}
