namespace Crm.Engine.Campaigns;

/// <summary>
/// A two-proportion z-test of a variant's conversion rate against the control's (the campaign's first variant), with
/// the pooled proportion: z = (p₁ − p₀) / √(p̂(1 − p̂)(1/n₀ + 1/n₁)), p-value two-sided.
/// </summary>
/// <param name="Control">The control variant.</param>
/// <param name="Variant">The variant tested against it.</param>
/// <param name="ControlRate">The control's conversion rate (conversions over delivered).</param>
/// <param name="VariantRate">The variant's conversion rate.</param>
/// <param name="Z">The z statistic; 0 when it is undefined (no deliveries, or nobody or everybody converted).</param>
/// <param name="PValue">The two-sided p-value; 1 when <paramref name="Z"/> is undefined.</param>
public sealed record AbTestResult(string Control, string Variant, double ControlRate, double VariantRate, double Z, double PValue)
{
    /// <summary>Gets whether the difference is significant at the 5 % level (p &lt; 0.05).</summary>
    public bool IsSignificant => PValue < 0.05;
}
