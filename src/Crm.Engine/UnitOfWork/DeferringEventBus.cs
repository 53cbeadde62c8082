using Crm.Engine.Events;

namespace Crm.Engine;

/// <summary>
/// The event bus services publish through: inside a unit of work of the same engine, events wait for the commit (and
/// vanish with a rollback); otherwise they go straight to the bus.
/// </summary>
internal sealed class DeferringEventBus(CrmEngine engine, ICrmEventBus inner) : ICrmEventBus
{
    public async Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        var unit = AmbientUnitOfWork.Current;
        if (unit is not null && ReferenceEquals(unit.Engine, engine))
        {
            await Security.AuditTrail.AppendAsync(engine, crmEvent, unit.Session, cancellationToken).ConfigureAwait(false);
            unit.Defer(crmEvent);
            return;
        }

        await Security.AuditTrail.AppendAsync(engine, crmEvent, null, cancellationToken).ConfigureAwait(false);
        await inner.PublishAsync(crmEvent, cancellationToken).ConfigureAwait(false);
    }

    public IDisposable Subscribe<TEvent>(Func<TEvent, CancellationToken, Task> handler)
        where TEvent : CrmEvent => inner.Subscribe(handler);
}
