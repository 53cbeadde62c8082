using Crm.Engine.Events;

namespace Crm.Engine;

/// <summary>
/// The event bus services publish through: inside a unit of work of the same engine, events wait for the commit (and
/// vanish with a rollback); otherwise they go straight to the bus.
/// </summary>
internal sealed class DeferringEventBus(CrmEngine engine, ICrmEventBus inner) : ICrmEventBus
{
    public Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        var unit = AmbientUnitOfWork.Current;
        if (unit is not null && ReferenceEquals(unit.Engine, engine))
        {
            unit.Defer(crmEvent);
            return Task.CompletedTask;
        }

        return inner.PublishAsync(crmEvent, cancellationToken);
    }

    public IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, Task> handler)
        where TEvent : CrmEvent => inner.Subscribe(handler);
}
