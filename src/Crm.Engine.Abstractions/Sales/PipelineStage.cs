namespace Crm.Engine.Sales;

/// <summary>One stage of a pipeline.</summary>
/// <param name="Id">The stage key, unique in the pipeline, such as <c>proposal</c>; workflow definitions name stages by it.</param>
/// <param name="Name">The display name.</param>
/// <param name="Probability">The win probability in percent (0 to 100) used for the weighted forecast; won stages are 100, lost 0.</param>
/// <param name="Kind">Whether the stage is a working stage or a won/lost terminal stage.</param>
public sealed record PipelineStage(string Id, string Name, decimal Probability, DealStatus Kind = DealStatus.Open);
