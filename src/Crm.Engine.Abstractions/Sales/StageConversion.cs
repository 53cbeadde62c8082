namespace Crm.Engine.Sales;

/// <summary>How many deals that entered a working stage later reached a further stage of the pipeline (including won).</summary>
/// <param name="StageId">The stage.</param>
/// <param name="Entered">Deals that ever entered the stage.</param>
/// <param name="Advanced">Of those, deals that later entered a stage further down the pipeline's order that is not lost.</param>
/// <param name="Rate">Advanced / Entered, rounded to 4 decimals; <see langword="null"/> when no deal entered the stage.</param>
public sealed record StageConversion(string StageId, int Entered, int Advanced, decimal? Rate);
