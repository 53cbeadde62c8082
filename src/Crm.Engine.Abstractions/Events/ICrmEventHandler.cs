using System.Diagnostics.CodeAnalysis;

namespace Crm.Engine.Events;

/// <summary>
/// Handles one kind of domain event. Register implementations in the service collection (plugins do so in their
/// own); the event bus calls every handler of the event's type, and of <see cref="CrmEvent"/> for all events.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <remarks>
/// Handlers run after the change is committed. A handler that throws is logged and counted; it does not undo the
/// change and does not stop other handlers. Handlers may be called more than once for one event: use
/// <see cref="CrmEvent.EventId"/> to stay idempotent.
/// </remarks>
[SuppressMessage("Naming", "CA1711", Justification = "Handles domain events; not a .NET event delegate.")]
public interface ICrmEventHandler<in TEvent>
    where TEvent : CrmEvent
{
    /// <summary>Handles an event.</summary>
    /// <param name="crmEvent">The event.</param>
    /// <param name="cancellationToken">Cancels handling when the engine shuts down.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(TEvent crmEvent, CancellationToken cancellationToken);
}
