namespace Crm.Engine.Sales;

/// <summary>Exponential decay of lead scores: score x 0.5 ^ (elapsed / half-life).</summary>
public static class LeadScoreDecay
{
    /// <summary>Decays <paramref name="score"/> computed at <paramref name="scoredAt"/> to <paramref name="now"/>.</summary>
    /// <param name="score">The score when computed.</param>
    /// <param name="scoredAt">When it was computed; <see langword="null"/> returns the score unchanged.</param>
    /// <param name="now">The instant to decay to; earlier instants do not grow the score.</param>
    /// <param name="halfLife">The half-life, or <see langword="null"/> for no decay.</param>
    /// <returns>The decayed score rounded to 4 decimals, midpoints away from zero.</returns>
    public static decimal Decay(decimal score, DateTimeOffset? scoredAt, DateTimeOffset now, TimeSpan? halfLife)
    {
        if (halfLife is not { } half || half <= TimeSpan.Zero || scoredAt is not { } at || now <= at || score == 0)
        {
            return score;
        }

        // Math.Pow works in double; the factor is exact enough to 4 decimals for the score ranges in use.
        var factor = Math.Pow(0.5, (now - at).Ticks / (double)half.Ticks);
        return decimal.Round(score * (decimal)factor, 4, MidpointRounding.AwayFromZero);
    }
}
