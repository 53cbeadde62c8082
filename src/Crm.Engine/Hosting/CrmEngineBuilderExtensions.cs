using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine;

/// <summary>
/// Adds event handlers and lifetime components to the engine.
/// </summary>
public static class CrmEngineBuilderExtensions
{
    /// <summary>
    /// Registers a domain event handler as a singleton (also resolvable as <typeparamref name="THandler"/>);
    /// it runs after each matching change is committed.
    /// </summary>
    /// <typeparam name="TEvent">The event type, or <see cref="CrmEvent"/> for every event.</typeparam>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddEventHandler<TEvent, THandler>(this ICrmEngineBuilder builder)
        where TEvent : CrmEvent
        where THandler : class, ICrmEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<THandler>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<TEvent>, THandler>(static sp => sp.GetRequiredService<THandler>()));
        return builder;
    }

    /// <summary>Registers a component the engine starts after storage is ready and stops on dispose.</summary>
    /// <typeparam name="TComponent">The component type.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddComponent<TComponent>(this ICrmEngineBuilder builder)
        where TComponent : class, ICrmEngineComponent
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, TComponent>());
        return builder;
    }
}
