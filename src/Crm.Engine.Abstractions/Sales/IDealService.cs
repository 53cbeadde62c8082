using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>Pipelines, deals, stage moves with history, the weighted forecast and pipeline KPIs.</summary>
public interface IDealService
{
    /// <summary>Creates or replaces a pipeline (identifier 0 creates); stages are validated (unique keys, probabilities 0-100, a won and a lost stage).</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored pipeline.</returns>
    Task<Pipeline> SavePipelineAsync(Pipeline pipeline, CancellationToken cancellationToken = default);

    /// <summary>Gets a pipeline.</summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pipeline, or <see langword="null"/>.</returns>
    Task<Pipeline?> GetPipelineAsync(Guid pipelineId, CancellationToken cancellationToken = default);

    /// <summary>Creates a deal in its stage (the pipeline's first stage when unset); records the first history entry.</summary>
    /// <param name="deal">The deal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored deal.</returns>
    Task<Deal> CreateAsync(Deal deal, CancellationToken cancellationToken = default);

    /// <summary>Gets a deal.</summary>
    /// <param name="dealId">The deal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deal, or <see langword="null"/>.</returns>
    Task<Deal?> GetAsync(Guid dealId, CancellationToken cancellationToken = default);

    /// <summary>Lists deals.</summary>
    /// <param name="query">The filters and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of deals.</returns>
    Task<Page<Deal>> ListAsync(DealQuery query, CancellationToken cancellationToken = default);

    /// <summary>Updates a deal's fields (name, amount, owner, team, expected close date); stage moves use <see cref="MoveStageAsync"/>.</summary>
    /// <param name="deal">The deal with the stored version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored deal.</returns>
    Task<Deal> UpdateAsync(Deal deal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a deal to a stage. When the deal runs a workflow (entity kind <c>deal</c>), the move is made by that
    /// workflow's <c>moveDealStage</c> actions: call <c>Workflows.FireAsync</c> with the trigger instead. This method is
    /// the direct path for deals without a workflow, and the one the action uses.
    /// </summary>
    /// <param name="dealId">The deal.</param>
    /// <param name="stageId">The target stage key.</param>
    /// <param name="lostReason">Why, when the target is a lost stage.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The moved deal.</returns>
    Task<Deal> MoveStageAsync(Guid dealId, string stageId, string? lostReason = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a deal's stage history, oldest first.</summary>
    /// <param name="dealId">The deal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The history.</returns>
    Task<IReadOnlyList<DealStageChange>> GetStageHistoryAsync(Guid dealId, CancellationToken cancellationToken = default);

    /// <summary>Computes the weighted forecast (in SQL, by the store).</summary>
    /// <param name="query">The pipeline, currency, window, period and owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Lines ordered by period, then owner (unowned first).</returns>
    Task<IReadOnlyList<ForecastLine>> ForecastAsync(ForecastQuery query, CancellationToken cancellationToken = default);

    /// <summary>Computes win rate, average deal size, cycle length, velocity and stage conversion.</summary>
    /// <param name="query">The pipeline, currency, closing window and owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The metrics; undefined ratios are <see langword="null"/>.</returns>
    Task<SalesMetrics> GetMetricsAsync(SalesMetricsQuery query, CancellationToken cancellationToken = default);
}
