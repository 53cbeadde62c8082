using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>
/// Moves a merged customer's deals to the survivor, and its lead profile when the survivor has none (otherwise the
/// survivor's profile stays and the merged one is dropped: one person, one lead profile), inside the merge's transaction.
/// </summary>
internal sealed class SalesMergeParticipant(CrmEngine engine) : IMergeParticipant
{
    public string Name => "deals";

    public async Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = engine.Time.GetUtcNow();
        var moved = await session.Sales.RepointDealsAsync(survivorId, mergedId, now, cancellationToken).ConfigureAwait(false);
        var mergedLead = await session.Sales.GetLeadAsync(mergedId, cancellationToken).ConfigureAwait(false);
        if (mergedLead is null)
        {
            return moved;
        }

        if (await session.Sales.GetLeadAsync(survivorId, cancellationToken).ConfigureAwait(false) is null)
        {
            await session.Sales.SaveLeadAsync(mergedLead with { Id = survivorId, Version = 0, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        await session.Sales.DeleteLeadAsync(mergedId, cancellationToken).ConfigureAwait(false);
        return moved;
    }
}
