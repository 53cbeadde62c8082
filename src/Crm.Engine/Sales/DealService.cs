using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>Implements pipelines, deals, stage moves, the forecast and KPIs for one caller.</summary>
internal sealed class DealService(CrmEngine engine, CrmCaller caller) : IDealService
{
    public async Task<Pipeline> SavePipelineAsync(Pipeline pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        engine.Access.Demand(caller, CrmPermissions.DealsWrite);
        TenantGuard.Check(caller, pipeline.TenantId);
        SalesValidator.ValidatePipeline(pipeline);
        var now = engine.Time.GetUtcNow();
        var prepared = pipeline with
        {
            Id = pipeline.Id == Guid.Empty ? Guid.CreateVersion7(now) : pipeline.Id,
            TenantId = caller.TenantId,
            CreatedAt = pipeline.Version == 0 ? now : pipeline.CreatedAt,
        };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var stored = await session.Sales.SavePipelineAsync(prepared, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new PipelineSaved(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Pipeline?> GetPipelineAsync(Guid pipelineId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.DealsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.GetPipelineAsync(pipelineId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Deal> CreateAsync(Deal deal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deal);
        engine.Access.Demand(caller, CrmPermissions.DealsWrite, Ownership(deal));
        TenantGuard.Check(caller, deal.TenantId);
        var now = engine.Time.GetUtcNow();
        Deal stored = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            stored = await InsertAsync(session, deal, now, caller.UserId, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Validates and inserts a deal with its first history entry; shared with lead conversion.</summary>
    internal async Task<Deal> InsertAsync(IStorageSession session, Deal deal, DateTimeOffset now, string actor, CancellationToken cancellationToken)
    {
        var pipeline = await session.Sales.GetPipelineAsync(deal.PipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), deal.PipelineId);
        _ = await session.Customers.GetAsync(deal.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), deal.CustomerId);
        var stageId = string.IsNullOrEmpty(deal.StageId) ? pipeline.Stages[0].Id : deal.StageId;
        var position = pipeline.PositionOf(stageId);
        var prepared = deal with
        {
            Id = deal.Id == Guid.Empty ? Guid.CreateVersion7(now) : deal.Id,
            TenantId = caller.TenantId,
            StageId = stageId,
            Currency = deal.Currency?.Trim().ToUpperInvariant() ?? "",
            Status = position < 0 ? DealStatus.Open : pipeline.Stages[position].Kind,
            Probability = position < 0 ? 0 : pipeline.Stages[position].Probability,
            CreatedAt = now,
            UpdatedAt = now,
            ClosedAt = position >= 0 && pipeline.Stages[position].Kind != DealStatus.Open ? now : null,
            Version = 0,
        };
        SalesValidator.ValidateDeal(prepared, pipeline);
        var stored = await session.Sales.SaveDealAsync(prepared, cancellationToken).ConfigureAwait(false);
        await session.Sales.AppendStageChangeAsync(new DealStageChange(stored.Id, 1, null, stageId, position, now, actor), cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new DealCreated(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Deal?> GetAsync(Guid dealId, CancellationToken cancellationToken = default)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var deal = await session.Sales.GetDealAsync(dealId, cancellationToken).ConfigureAwait(false);
        engine.Access.Demand(caller, CrmPermissions.DealsRead, deal is null ? null : Ownership(deal));
        return deal;
    }

    public async Task<Page<Deal>> ListAsync(DealQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.DealsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.ListDealsAsync(query with { VisibleTo = engine.Access.VisibleRecords(caller, CrmPermissions.DealsRead) }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Deal> UpdateAsync(Deal deal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deal);
        TenantGuard.Check(caller, deal.TenantId);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var before = await session.Sales.GetDealAsync(deal.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Deal), deal.Id);
        engine.Access.Demand(caller, CrmPermissions.DealsWrite, Ownership(before));
        var pipeline = await session.Sales.GetPipelineAsync(before.PipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), before.PipelineId);

        // Only the editable fields change; stage, status and history move through MoveStageAsync.
        var changed = before with
        {
            Name = deal.Name,
            Amount = deal.Amount,
            Currency = deal.Currency?.Trim().ToUpperInvariant() ?? "",
            OwnerId = deal.OwnerId,
            TeamId = deal.TeamId,
            ExpectedCloseDate = deal.ExpectedCloseDate,
            SourceCampaignId = deal.SourceCampaignId,
            UpdatedAt = now,
            Version = deal.Version,
        };
        SalesValidator.ValidateDeal(changed, pipeline);
        var stored = await session.Sales.SaveDealAsync(changed, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new DealUpdated(before, stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Deal> MoveStageAsync(Guid dealId, string stageId, string? lostReason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stageId);
        var now = engine.Time.GetUtcNow();
        Deal moved = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var current = await session.Sales.GetDealAsync(dealId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Deal), dealId);
            engine.Access.Demand(caller, CrmPermissions.DealsWrite, Ownership(current));
            var (deal, events) = await DealStageMover.MoveAsync(session, dealId, stageId, lostReason, now, caller.UserId, ct).ConfigureAwait(false);
            foreach (var e in events)
            {
                await engine.Events.PublishAsync(e, ct).ConfigureAwait(false);
            }

            moved = deal;
        }, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    public async Task<IReadOnlyList<DealStageChange>> GetStageHistoryAsync(Guid dealId, CancellationToken cancellationToken = default)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var deal = await session.Sales.GetDealAsync(dealId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Deal), dealId);
        engine.Access.Demand(caller, CrmPermissions.DealsRead, Ownership(deal));
        return await session.Sales.GetStageHistoryAsync(dealId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ForecastLine>> ForecastAsync(ForecastQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.DealsRead);
        if (query.To <= query.From)
        {
            throw new CrmValidationException("to", $"The forecast window ends ({query.To:yyyy-MM-dd}) on or before it starts ({query.From:yyyy-MM-dd}).", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.ForecastAsync(query with { Currency = query.Currency.Trim().ToUpperInvariant() }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SalesMetrics> GetMetricsAsync(SalesMetricsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.DealsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var pipeline = await session.Sales.GetPipelineAsync(query.PipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), query.PipelineId);
        var sums = await session.Sales.AggregateAsync(query with { Currency = query.Currency.Trim().ToUpperInvariant() }, pipeline, cancellationToken).ConfigureAwait(false);
        return SalesMetricsCalculator.Compute(sums);
    }

    internal static RecordOwnership Ownership(Deal deal) => new(nameof(Deal), deal.Id.ToString(), deal.OwnerId, deal.TeamId);
}
