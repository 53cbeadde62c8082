namespace Crm.Engine.Campaigns;

/// <summary>The standard normal distribution's CDF and the two-sided p-value of a z statistic.</summary>
internal static class NormalDistribution
{
    /// <summary>Gets Φ(z) = ½ erfc(−z/√2).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Gets the two-sided p-value 2(1 − Φ(|z|)) = erfc(|z|/√2), computed without cancellation in the tail.</summary>
    public static double TwoSidedP(double z) => Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>
    /// The complementary error function by the Chebyshev fit of Numerical Recipes (erfcc), fractional error below
    /// 1.2×10⁻⁷ everywhere, which is ample for p-values.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0.0;
        for (var i = Coefficients.Length - 1; i >= 0; i--)
        {
            poly = Coefficients[i] + (t * poly);
        }

        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    // c0..c9 of erfcc: exp(-z² + c0 + c1 t + ... + c9 t⁹).
    private static readonly double[] Coefficients =
    [
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
    ];
}
