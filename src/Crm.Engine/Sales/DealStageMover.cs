using Crm.Engine.Events;
using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>
/// The one place a deal changes stage, used by <see cref="IDealService.MoveStageAsync"/> and by the
/// <c>moveDealStage</c> workflow action: updates stage, status, probability and close time, and appends the history entry.
/// </summary>
internal static class DealStageMover
{
    /// <summary>Moves the deal and returns the events to publish after the commit (none when it is already in the stage).</summary>
    public static async Task<(Deal Deal, IReadOnlyList<CrmEvent> Events)> MoveAsync(
        IStorageSession session, Guid dealId, string stageId, string? lostReason, DateTimeOffset now, string? actor, CancellationToken cancellationToken)
    {
        var before = await session.Sales.GetDealAsync(dealId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Deal), dealId);
        var pipeline = await session.Sales.GetPipelineAsync(before.PipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), before.PipelineId);
        var position = pipeline.PositionOf(stageId);
        if (position < 0)
        {
            throw new CrmValidationException("stageId", $"Pipeline '{pipeline.Name}' ({pipeline.Id}) has no stage '{stageId}'; its stages are {string.Join(", ", pipeline.Stages.Select(s => s.Id))}.", "unknownStage");
        }

        if (string.Equals(before.StageId, stageId, StringComparison.Ordinal))
        {
            return (before, []);
        }

        var stage = pipeline.Stages[position];
        var changed = before with
        {
            StageId = stage.Id,
            Status = stage.Kind,
            Probability = stage.Probability,
            ClosedAt = stage.Kind == DealStatus.Open ? null : now,
            LostReason = stage.Kind == DealStatus.Lost ? lostReason : null,
            UpdatedAt = now,
        };
        var after = await session.Sales.SaveDealAsync(changed, cancellationToken).ConfigureAwait(false);
        var history = await session.Sales.GetStageHistoryAsync(dealId, cancellationToken).ConfigureAwait(false);
        var change = new DealStageChange(dealId, history.Count + 1, before.StageId, stage.Id, position, now, actor);
        await session.Sales.AppendStageChangeAsync(change, cancellationToken).ConfigureAwait(false);

        var events = new List<CrmEvent> { new DealStageChanged(before, after, change) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor } };
        if (stage.Kind == DealStatus.Won)
        {
            events.Add(new DealWon(after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor });
        }
        else if (stage.Kind == DealStatus.Lost)
        {
            events.Add(new DealLost(after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor });
        }

        return (after, events);
    }
}
