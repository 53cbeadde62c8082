namespace Crm.Engine.Campaigns;

/// <summary>The pooled two-proportion z-test of conversion rates.</summary>
internal static class AbTest
{
    /// <summary>Tests <paramref name="variant"/> against <paramref name="control"/> on conversions over delivered.</summary>
    public static AbTestResult Compare(CampaignVariantCounts control, CampaignVariantCounts variant)
    {
        var (n0, x0, n1, x1) = (control.Delivered, control.Conversions, variant.Delivered, variant.Conversions);
        var p0 = n0 == 0 ? 0 : (double)x0 / n0;
        var p1 = n1 == 0 ? 0 : (double)x1 / n1;
        if (n0 == 0 || n1 == 0)
        {
            return new AbTestResult(control.Variant, variant.Variant, p0, p1, 0, 1);
        }

        var pooled = (double)(x0 + x1) / (n0 + n1);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n0) + (1.0 / n1)));
        if (standardError == 0)
        {
            return new AbTestResult(control.Variant, variant.Variant, p0, p1, 0, 1); // nobody or everybody converted
        }

        var z = (p1 - p0) / standardError;
        return new AbTestResult(control.Variant, variant.Variant, p0, p1, z, NormalDistribution.TwoSidedP(z));
    }
}
