using Crm.Engine.Events;
using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>
/// The storage session and transaction that every service call of one tenant shares inside
/// <see cref="ICrmContext.TransactAsync"/>, and the events held back until it commits.
/// </summary>
/// <remarks>
/// It flows with the async context (an <see cref="AsyncLocal{T}"/>), so services find it without being handed it;
/// calls inside one unit must be sequential because a storage session is not thread-safe.
/// </remarks>
internal sealed class AmbientUnitOfWork
{
    private static readonly AsyncLocal<AmbientUnitOfWork?> s_current = new();
    private readonly List<CrmEvent> _events = [];
    private readonly List<Action> _afterCommit = [];

    private AmbientUnitOfWork(CrmEngine engine, string tenantId, IStorageSession session)
    {
        Engine = engine;
        TenantId = tenantId;
        Session = session;
    }

    /// <summary>Gets the unit of work of the current async flow, if any.</summary>
    public static AmbientUnitOfWork? Current => s_current.Value;

    public CrmEngine Engine { get; }

    public string TenantId { get; }

    public IStorageSession Session { get; }

    /// <summary>Gets a value indicating whether a nested transaction was rolled back, which dooms the whole unit.</summary>
    public bool RollbackOnly { get; private set; }

    public static async Task RunAsync(CrmEngine engine, CrmCaller caller, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var current = s_current.Value;
        if (current is not null)
        {
            current.EnsureSameScope(engine, caller.TenantId);
            await work(cancellationToken).ConfigureAwait(false);
            return;
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        AmbientUnitOfWork unit;
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                unit = new AmbientUnitOfWork(engine, caller.TenantId, session);
                s_current.Value = unit;
                try
                {
                    await work(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    s_current.Value = null;
                }

                if (unit.RollbackOnly)
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw new InvalidOperationException(
                        "A step inside the unit of work rolled back its transaction, so the whole unit was rolled back. Let the exception of that step propagate instead of catching it inside TransactAsync.");
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var action in unit._afterCommit)
        {
            action();
        }

        foreach (var crmEvent in unit._events)
        {
            await engine.EventBus.PublishAsync(crmEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Holds an event until the unit commits; it is dropped if the unit rolls back.</summary>
    public void Defer(CrmEvent crmEvent) => _events.Add(crmEvent);

    /// <summary>Runs <paramref name="action"/> after the unit commits (for example waking the outbox dispatcher); never after a rollback.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>Runs <paramref name="action"/> now, or after the commit when a unit of work of <paramref name="engine"/> is in progress.</summary>
    public static void RunAfterCommit(CrmEngine engine, Action action)
    {
        if (Current is { } unit && ReferenceEquals(unit.Engine, engine))
        {
            unit.AfterCommit(action);
            return;
        }

        action();
    }

    public void MarkRollbackOnly() => RollbackOnly = true;

    /// <summary>Gets a session that shares this unit's connection and transaction and does not close them on dispose.</summary>
    public IStorageSession Lease(string tenantId)
    {
        if (!string.Equals(tenantId, TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(TenantId, tenantId);
        }

        return new UnitOfWorkSession(this);
    }

    private void EnsureSameScope(CrmEngine engine, string tenantId)
    {
        if (!ReferenceEquals(engine, Engine))
        {
            throw new InvalidOperationException("A unit of work cannot span two engines.");
        }

        if (!string.Equals(tenantId, TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(TenantId, tenantId);
        }
    }
}
