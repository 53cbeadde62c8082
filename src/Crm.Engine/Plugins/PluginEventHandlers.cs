using System.Reflection;
using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Plugins;

/// <summary>
/// The <see cref="ICrmEventHandler{TEvent}"/> implementations one plugin version registered, grouped by event type,
/// with a typed invoker per event type so dispatch needs no reflection.
/// </summary>
internal sealed class PluginEventHandlers
{
    private static readonly MethodInfo InvokeMethod = typeof(PluginEventHandlers).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Dictionary<Type, (Func<object, CrmEvent, CancellationToken, Task> Invoke, object[] Handlers)> _byEvent;

    private PluginEventHandlers(Dictionary<Type, (Func<object, CrmEvent, CancellationToken, Task>, object[])> byEvent) => _byEvent = byEvent;

    public static PluginEventHandlers None { get; } = new([]);

    public IReadOnlyCollection<Type> EventTypes => _byEvent.Keys;

    /// <summary>Lists the event types a plugin registered handlers for, without resolving them.</summary>
    public static List<Type> FindEventTypes(IServiceCollection services) =>
        [.. services
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ICrmEventHandler<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct()];

    public static PluginEventHandlers Resolve(IReadOnlyList<Type> eventTypes, IServiceProvider provider)
    {
        var byEvent = new Dictionary<Type, (Func<object, CrmEvent, CancellationToken, Task>, object[])>();
        foreach (var eventType in eventTypes)
        {
            var handlers = provider.GetServices(typeof(ICrmEventHandler<>).MakeGenericType(eventType)).OfType<object>().ToArray();
            var invoke = InvokeMethod.MakeGenericMethod(eventType).CreateDelegate<Func<object, CrmEvent, CancellationToken, Task>>();
            byEvent[eventType] = (invoke, handlers);
        }

        return new PluginEventHandlers(byEvent);
    }

    /// <summary>Calls every handler of an event type one after another.</summary>
    public async ValueTask<bool> DispatchAsync(Type eventType, CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        if (!_byEvent.TryGetValue(eventType, out var registration))
        {
            return false;
        }

        foreach (var handler in registration.Handlers)
        {
            await registration.Invoke(handler, crmEvent, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static Task InvokeTyped<TEvent>(object handler, CrmEvent crmEvent, CancellationToken cancellationToken)
        where TEvent : CrmEvent =>
        ((ICrmEventHandler<TEvent>)handler).HandleAsync((TEvent)crmEvent, cancellationToken);
}
