namespace Crm.Engine.Sales;

/// <summary>
/// Asks for a weighted forecast: open deals of a pipeline and currency whose expected close date falls in
/// [<paramref name="From"/>, <paramref name="To"/>), grouped by period and owner.
/// </summary>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="Currency">The currency; deals in other currencies are left out (no conversion).</param>
/// <param name="From">The first day included.</param>
/// <param name="To">The first day excluded.</param>
/// <param name="Period">The grouping period.</param>
public sealed record ForecastQuery(Guid PipelineId, string Currency, DateOnly From, DateOnly To, ForecastPeriod Period = ForecastPeriod.Month)
{
    /// <summary>Gets the owner to restrict to, or <see langword="null"/> for every owner.</summary>
    public string? OwnerId { get; init; }
}
