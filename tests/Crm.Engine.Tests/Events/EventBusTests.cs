using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Events;

public class EventBusTests
{
    [Fact]
    public async Task Writes_PublishEventsAfterCommit_ToRegisteredHandlers()
    {
        await using var test = await TestEngine.CreateAsync(b => b.AddEventHandler<CrmEvent, RecordingHandler>());
        var crm = test.Tenant("acme");

        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Hedy" });
        var updated = await crm.Customers.UpdateAsync(customer with { LastName = "Lamarr" });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = TestEngine.Start });
        await crm.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("X", "X", 1, 1m)] });
        await crm.Customers.DeleteAsync(customer.Id, updated.Version);

        var events = test.Provider.GetRequiredService<RecordingHandler>().Events;
        Assert.Equal([nameof(CustomerCreated), nameof(CustomerUpdated), nameof(InteractionRecorded), nameof(PurchaseRecorded), nameof(CustomerDeleted)], events.Select(e => e.GetType().Name));
        Assert.All(events, e => Assert.Equal("acme", e.TenantId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        var update = Assert.IsType<CustomerUpdated>(events[1]);
        Assert.Equal(("", "Lamarr"), (update.Before.LastName, update.After.LastName));
    }

    [Fact]
    public async Task PublishAsync_ThrowingHandler_IsContainedAndOthersStillRun()
    {
        await using var test = await TestEngine.CreateAsync(b => b
            .AddEventHandler<CustomerCreated, ThrowingHandler>()
            .AddEventHandler<CrmEvent, RecordingHandler>());

        var created = await test.Tenant().Customers.CreateAsync(new Customer { FirstName = "Frances" });

        Assert.Equal(1, test.Provider.GetRequiredService<ThrowingHandler>().Calls);
        Assert.Equal(created.Id, Assert.IsType<CustomerCreated>(Assert.Single(test.Provider.GetRequiredService<RecordingHandler>().Events)).Customer.Id);
    }

    [Fact]
    public async Task PublishAsync_HangingHandler_TimesOutAndTheWriteCompletes()
    {
        await using var test = await TestEngine.CreateAsync(
            b => b.AddEventHandler<CustomerCreated, HangingHandler>().AddEventHandler<CrmEvent, RecordingHandler>(),
            o => o.EventHandlerTimeout = TimeSpan.FromMilliseconds(50));

        var created = await test.Tenant().Customers.CreateAsync(new Customer { FirstName = "Edsger" });

        await test.Provider.GetRequiredService<HangingHandler>().WasCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(test.Provider.GetRequiredService<RecordingHandler>().Events);
        Assert.NotEqual(Guid.Empty, created.Id);
    }

    [Fact]
    public async Task Subscribe_ReceivesMatchingEventsUntilDisposed()
    {
        await using var test = await TestEngine.CreateAsync();
        var bus = test.Provider.GetRequiredService<ICrmEventBus>();
        var crm = test.Tenant();
        var received = new List<Guid>();
        var subscription = bus.Subscribe<CustomerCreated>((e, _) =>
        {
            received.Add(e.Customer.Id);
            return Task.CompletedTask;
        });

        var first = await crm.Customers.CreateAsync(new Customer { FirstName = "One" });
        subscription.Dispose();
        await crm.Customers.CreateAsync(new Customer { FirstName = "Two" });

        Assert.Equal([first.Id], received);
    }

    [Fact]
    public async Task PublishAsync_CallerCancels_CancellationIsNotSwallowed()
    {
        await using var test = await TestEngine.CreateAsync();
        var bus = test.Provider.GetRequiredService<ICrmEventBus>();
        using var cancel = new CancellationTokenSource();
        using var subscription = bus.Subscribe<CrmEvent>(async (_, ct) =>
        {
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            bus.PublishAsync(new CustomerDeleted(Guid.NewGuid()) { EventId = Guid.NewGuid(), TenantId = "t", OccurredAt = TestEngine.Start }, cancel.Token));
    }

    internal sealed class RecordingHandler : ICrmEventHandler<CrmEvent>
    {
        private readonly List<CrmEvent> _events = [];

        public IReadOnlyList<CrmEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToList();
                }
            }
        }

        public Task HandleAsync(CrmEvent crmEvent, CancellationToken cancellationToken)
        {
            lock (_events)
            {
                _events.Add(crmEvent);
            }

            return Task.CompletedTask;
        }
    }

    internal sealed class ThrowingHandler : ICrmEventHandler<CustomerCreated>
    {
        public int Calls { get; private set; }

        public Task HandleAsync(CustomerCreated crmEvent, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("handler bug");
        }
    }

    internal sealed class HangingHandler : ICrmEventHandler<CustomerCreated>
    {
        public TaskCompletionSource WasCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task HandleAsync(CustomerCreated crmEvent, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WasCancelled.TrySetResult();
                throw;
            }
        }
    }
}
