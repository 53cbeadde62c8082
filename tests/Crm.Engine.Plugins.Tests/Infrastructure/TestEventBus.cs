using Crm.Engine.Events;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>A minimal in-process bus with runtime subscriptions, standing in for the engine's.</summary>
internal sealed class TestEventBus : ICrmEventBus
{
    private readonly List<(Type EventType, Func<CrmEvent, CancellationToken, Task> Handler)> _subscriptions = [];

    public int SubscriptionCount
    {
        get
        {
            lock (_subscriptions)
            {
                return _subscriptions.Count;
            }
        }
    }

    public async Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
    {
        List<Func<CrmEvent, CancellationToken, Task>> handlers;
        lock (_subscriptions)
        {
            handlers = [.. _subscriptions.Where(s => s.EventType.IsInstanceOfType(crmEvent)).Select(s => s.Handler)];
        }

        foreach (var handler in handlers)
        {
            await handler(crmEvent, cancellationToken);
        }
    }

    public IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, Task> handler)
        where TEvent : CrmEvent
    {
        var entry = (typeof(TEvent), (Func<CrmEvent, CancellationToken, Task>)((e, ct) => handler((TEvent)e, ct)));
        lock (_subscriptions)
        {
            _subscriptions.Add(entry);
        }

        return new Subscription(() =>
        {
            lock (_subscriptions)
            {
                _subscriptions.Remove(entry);
            }
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
