namespace Crm.Engine;

/// <summary>
/// Names the RFM segments and the score rules that assign them, checked in the order listed (first match wins);
/// <c>F</c> stands for the mean of frequency and monetary, rounded half up.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Champions</term><description>R ≥ 4 and F ≥ 4</description></item>
/// <item><term>Loyal</term><description>R ≥ 3 and F ≥ 4</description></item>
/// <item><term>Can't Lose</term><description>R ≤ 1 and F ≥ 4</description></item>
/// <item><term>At Risk</term><description>R ≤ 2 and F ≥ 3</description></item>
/// <item><term>Potential Loyalists</term><description>R ≥ 4 and F ≥ 2</description></item>
/// <item><term>New</term><description>R = 5 and F = 1</description></item>
/// <item><term>Promising</term><description>R = 4 and F = 1</description></item>
/// <item><term>Need Attention</term><description>R = 3 and F ≥ 2</description></item>
/// <item><term>About to Sleep</term><description>R = 3 and F = 1</description></item>
/// <item><term>Hibernating</term><description>R = 2 and F ≤ 2</description></item>
/// <item><term>Lost</term><description>everything else (R = 1 and F ≤ 3)</description></item>
/// </list>
/// </remarks>
public static class RfmSegments
{
    /// <summary>R ≥ 4 and F ≥ 4: bought recently, buy often and spend the most.</summary>
    public const string Champions = "Champions";

    /// <summary>R ≥ 3 and F ≥ 4: buy regularly.</summary>
    public const string Loyal = "Loyal";

    /// <summary>R ≥ 4 and F ≥ 2: recent customers with average frequency.</summary>
    public const string PotentialLoyalists = "Potential Loyalists";

    /// <summary>R = 5 and F = 1: bought most recently, but once.</summary>
    public const string New = "New";

    /// <summary>R = 4 and F = 1: recent shoppers who have not spent much.</summary>
    public const string Promising = "Promising";

    /// <summary>R = 3 and F ≥ 2: above average, not recent.</summary>
    public const string NeedAttention = "Need Attention";

    /// <summary>R = 3 and F = 1: below average, fading.</summary>
    public const string AboutToSleep = "About to Sleep";

    /// <summary>R ≤ 2 and F ≥ 3: spent a lot and often, long ago.</summary>
    public const string AtRisk = "At Risk";

    /// <summary>R ≤ 1 and F ≥ 4: the best customers, gone quiet.</summary>
    public const string CantLose = "Can't Lose";

    /// <summary>R = 2 and F ≤ 2: last bought long ago, few orders.</summary>
    public const string Hibernating = "Hibernating";

    /// <summary>The lowest recency and frequency.</summary>
    public const string Lost = "Lost";

    /// <summary>Gets every segment name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Champions, Loyal, PotentialLoyalists, New, Promising, NeedAttention, AboutToSleep, AtRisk, CantLose, Hibernating, Lost];

    /// <summary>Assigns the named segment for three scores.</summary>
    /// <param name="recency">The recency score, 1 to 5.</param>
    /// <param name="frequency">The frequency score, 1 to 5.</param>
    /// <param name="monetary">The monetary score, 1 to 5.</param>
    /// <returns>The segment name.</returns>
    public static string Classify(int recency, int frequency, int monetary)
    {
        var f = (frequency + monetary + 1) / 2;
        return (recency, f) switch
        {
            ( >= 4, >= 4) => Champions,
            ( >= 3, >= 4) => Loyal,
            ( <= 1, >= 4) => CantLose,
            ( <= 2, >= 3) => AtRisk,
            ( >= 4, >= 2) => PotentialLoyalists,
            (5, 1) => New,
            (4, 1) => Promising,
            (3, >= 2) => NeedAttention,
            (3, 1) => AboutToSleep,
            (2, <= 2) => Hibernating,
            _ => Lost,
        };
    }
}
