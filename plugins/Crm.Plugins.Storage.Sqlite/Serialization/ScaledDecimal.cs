using System.Globalization;

namespace Crm.Plugins.Storage.Sqlite.Serialization;

/// <summary>
/// Converts amounts to and from integers scaled by 10^4, which SQLite sums and compares exactly
/// (SQLite has no decimal type, and REAL would round).
/// </summary>
internal static class ScaledDecimal
{
    public const int Decimals = 4;
    public const long Factor = 10_000;

    /// <summary>Scales a value, adding a validation error naming <paramref name="path"/> when it cannot be stored exactly.</summary>
    public static long Scale(decimal value, string path, List<ValidationError> errors)
    {
        if (decimal.Round(value, Decimals) != value)
        {
            errors.Add(new ValidationError(path, $"the amount {value.ToString(CultureInfo.InvariantCulture)} has more than {Decimals} decimals; round it to at most {Decimals} decimals.") { Rule = "precision" });
            return 0;
        }

        var scaled = value * Factor;
        if (scaled is > long.MaxValue or < long.MinValue)
        {
            errors.Add(new ValidationError(path, $"the amount {value.ToString(CultureInfo.InvariantCulture)} is out of the storable range (about ±922 trillion).") { Rule = "range" });
            return 0;
        }

        return (long)scaled;
    }

    /// <summary>Turns a scaled integer back into the exact decimal, without trailing zeros.</summary>
    public static decimal Unscale(long scaled)
    {
        byte scale = Decimals;
        while (scale > 0 && scaled % 10 == 0)
        {
            scaled /= 10;
            scale--;
        }

        var magnitude = scaled < 0 ? (ulong)-(scaled + 1) + 1 : (ulong)scaled;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, scaled < 0, scale);
    }
}
