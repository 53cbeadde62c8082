using System.Reflection;
using Crm.Engine.Events;

namespace Crm.Engine.Plugins;

/// <summary>
/// Subscribes a plugin slot (not a version) to one event type on the bus, so hot reloads neither miss nor double
/// events: each event goes through the guard to whichever version is active.
/// </summary>
internal static class PluginEventSubscription
{
    private static readonly MethodInfo SubscribeMethod = typeof(PluginEventSubscription).GetMethod(nameof(SubscribeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IDisposable Subscribe(ICrmEventBus bus, Type eventType, PluginSlot slot) =>
        (IDisposable)SubscribeMethod.MakeGenericMethod(eventType).Invoke(null, [bus, slot])!;

    private static IDisposable SubscribeTyped<TEvent>(ICrmEventBus bus, PluginSlot slot)
        where TEvent : CrmEvent =>
        bus.Subscribe<TEvent>((crmEvent, cancellationToken) => slot.DispatchEventAsync(typeof(TEvent), crmEvent, cancellationToken));
}
