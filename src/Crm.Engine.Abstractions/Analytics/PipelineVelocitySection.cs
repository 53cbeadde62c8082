using Crm.Engine.Sales;

namespace Crm.Engine.Analytics;

/// <summary>Pipeline velocity of one pipeline, with the sales metrics it is computed from.</summary>
/// <param name="PipelineId">The pipeline (<see cref="AnalyticsQuery.PipelineId"/>).</param>
/// <param name="Metrics">Open deals, win rate, average won deal size and cycle of the deals closed in the period (see <see cref="SalesMetricsCalculator"/>).</param>
/// <param name="Velocity">Open deals × win rate × average deal size ÷ average cycle in days: money per day.</param>
public sealed record PipelineVelocitySection(Guid PipelineId, SalesMetrics Metrics, KpiResult Velocity);
