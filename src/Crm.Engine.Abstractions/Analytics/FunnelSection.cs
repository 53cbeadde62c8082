namespace Crm.Engine.Analytics;

/// <summary>A conversion funnel: how many reached each step, and the conversion between steps.</summary>
/// <param name="Source">What the steps are: <see cref="LifecycleSource"/> or <see cref="DealSource"/>.</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="Conversion">Reached the last step / reached the first step.</param>
public sealed record FunnelSection(string Source, IReadOnlyList<FunnelStep> Steps, KpiResult Conversion)
{
    /// <summary>The source of the funnel over customers' current lifecycle stage.</summary>
    public const string LifecycleSource = "lifecycleStage";

    /// <summary>The source of the deal funnel over the leads captured in the period (lead, qualified, opportunity, won).</summary>
    public const string DealSource = "dealStage";
}

/// <summary>One funnel step.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Reached">How many reached the step (or a later one).</param>
/// <param name="FromPrevious">Reached / reached the previous step; <see langword="null"/> for the first step or when the previous step is 0.</param>
public sealed record FunnelStep(string Name, long Reached, decimal? FromPrevious);
