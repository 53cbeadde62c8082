using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Delivers events to DI-registered handlers and run-time subscriptions, one at a time, containing failures:
/// a handler that throws or overruns <see cref="CrmEngineOptions.EventHandlerTimeout"/> is logged and counted,
/// and the others still run. Cancellation by the publisher is never swallowed.
/// </summary>
internal sealed class CrmEventBus(IServiceProvider services, IOptions<CrmEngineOptions> options, ILogger<CrmEventBus> logger) : ICrmEventBus
{
    private static readonly ConcurrentDictionary<Type, HandlerInvoker> Invokers = new();
    private ImmutableArray<Subscription> _subscriptions = [];

    public async Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        var eventType = crmEvent.GetType();
        EngineMetrics.EventsPublished.Add(1, new KeyValuePair<string, object?>("event", eventType.Name));
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.event.publish", ActivityKind.Internal);
        activity?.SetTag("crm.event.type", eventType.Name);
        activity?.SetTag("crm.tenant", crmEvent.TenantId);

        var scope = services.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var invoker = Invokers.GetOrAdd(eventType, static t => (HandlerInvoker)Activator.CreateInstance(typeof(HandlerInvoker<>).MakeGenericType(t))!);
        foreach (var (name, handle) in invoker.GetHandlers(scope.ServiceProvider))
        {
            await InvokeAsync(name, handle, crmEvent, cancellationToken).ConfigureAwait(false);
        }

        foreach (var subscription in _subscriptions)
        {
            if (subscription.EventType.IsAssignableFrom(eventType))
            {
                await InvokeAsync("subscription", subscription.Handle, crmEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, Task> handler)
        where TEvent : CrmEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(typeof(TEvent), (e, ct) => handler((TEvent)e, ct));
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Add(s), subscription);
        return new Unsubscriber(this, subscription);
    }

    private async Task InvokeAsync(string name, Func<CrmEvent, CancellationToken, Task> handle, CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        var timeout = options.Value.EventHandlerTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await handle(crmEvent, timeoutSource.Token).WaitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            EngineMetrics.EventHandlerFailures.Add(1, new KeyValuePair<string, object?>("handler", name));
            EngineLog.EventHandlerTimedOut(logger, name, timeout.TotalMilliseconds, crmEvent.GetType().Name, crmEvent.EventId);
        }
#pragma warning disable CA1031 // Handler faults are contained by design: the change is committed and other handlers must still run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            EngineMetrics.EventHandlerFailures.Add(1, new KeyValuePair<string, object?>("handler", name));
            EngineLog.EventHandlerFailed(logger, e, name, crmEvent.GetType().Name, crmEvent.EventId);
        }
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Remove(s), subscription);

    private sealed record Subscription(Type EventType, Func<CrmEvent, CancellationToken, Task> Handle);

    private sealed class Unsubscriber(CrmEventBus bus, Subscription subscription) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Remove(subscription);
            }
        }
    }

    /// <summary>Resolves the handlers of one event type without reflection per publish.</summary>
    private abstract class HandlerInvoker
    {
        public abstract IEnumerable<(string Name, Func<CrmEvent, CancellationToken, Task> Handle)> GetHandlers(IServiceProvider provider);
    }

    private sealed class HandlerInvoker<TEvent> : HandlerInvoker
        where TEvent : CrmEvent
    {
        public override IEnumerable<(string Name, Func<CrmEvent, CancellationToken, Task> Handle)> GetHandlers(IServiceProvider provider)
        {
            foreach (var handler in provider.GetServices<ICrmEventHandler<TEvent>>())
            {
                yield return (handler.GetType().Name, (e, ct) => handler.HandleAsync((TEvent)e, ct));
            }

            if (typeof(TEvent) != typeof(CrmEvent))
            {
                foreach (var handler in provider.GetServices<ICrmEventHandler<CrmEvent>>())
                {
                    yield return (handler.GetType().Name, handler.HandleAsync);
                }
            }
        }
    }
}
