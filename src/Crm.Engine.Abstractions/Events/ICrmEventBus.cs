namespace Crm.Engine.Events;

/// <summary>
/// Delivers domain events to handlers in process.
/// </summary>
public interface ICrmEventBus
{
    /// <summary>
    /// Delivers an event to every registered handler and subscription, one after another, containing their failures.
    /// </summary>
    /// <param name="crmEvent">The event.</param>
    /// <param name="cancellationToken">Cancels delivery; handlers not yet called are skipped.</param>
    /// <returns>A task that completes when every handler has run.</returns>
    Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a handler at run time, for components whose lifetime is shorter than the engine's (such as hot-reloaded plugins).
    /// </summary>
    /// <typeparam name="TEvent">The event type; <see cref="CrmEvent"/> receives every event.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <returns>A handle whose disposal removes the handler.</returns>
    IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, Task> handler)
        where TEvent : CrmEvent;
}
