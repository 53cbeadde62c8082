namespace Crm.Engine.Sales;

/// <summary>
/// Asks for pipeline KPIs of one pipeline and currency. Closed figures (win rate, deal size, cycle length) use deals
/// closed in [<paramref name="ClosedFrom"/>, <paramref name="ClosedTo"/>); open deals are those open now.
/// </summary>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="Currency">The currency of amounts.</param>
/// <param name="ClosedFrom">The first instant of the closing window.</param>
/// <param name="ClosedTo">The end (excluded) of the closing window.</param>
public sealed record SalesMetricsQuery(Guid PipelineId, string Currency, DateTimeOffset ClosedFrom, DateTimeOffset ClosedTo)
{
    /// <summary>Gets the owner to restrict to, or <see langword="null"/> for every owner.</summary>
    public string? OwnerId { get; init; }
}
