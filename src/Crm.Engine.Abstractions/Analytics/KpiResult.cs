namespace Crm.Engine.Analytics;

/// <summary>The value of one KPI and the inputs it was computed from.</summary>
/// <param name="Definition">What was computed.</param>
/// <param name="Value">The value, or <see langword="null"/> when undefined (see <see cref="UndefinedReason"/>).</param>
/// <param name="Inputs">The inputs by name, so a reader can redo the arithmetic.</param>
/// <param name="UndefinedReason">Why the value is undefined (for example a division by zero), or <see langword="null"/>.</param>
public sealed record KpiResult(KpiDefinition Definition, decimal? Value, IReadOnlyDictionary<string, decimal> Inputs, string? UndefinedReason)
{
    /// <summary>Divides, or returns an undefined result naming the zero denominator.</summary>
    /// <param name="definition">The KPI.</param>
    /// <param name="numeratorName">The numerator's input name.</param>
    /// <param name="numerator">The numerator.</param>
    /// <param name="denominatorName">The denominator's input name.</param>
    /// <param name="denominator">The denominator.</param>
    /// <returns>The result.</returns>
    public static KpiResult Ratio(KpiDefinition definition, string numeratorName, decimal numerator, string denominatorName, decimal denominator)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal) { [numeratorName] = numerator, [denominatorName] = denominator };
        return denominator == 0
            ? new KpiResult(definition, null, inputs, $"{denominatorName} is 0")
            : new KpiResult(definition, numerator / denominator, inputs, null);
    }
}
