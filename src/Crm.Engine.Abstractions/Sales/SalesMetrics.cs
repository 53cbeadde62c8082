namespace Crm.Engine.Sales;

/// <summary>
/// Pipeline KPIs. Figures that would divide by zero are <see langword="null"/> (undefined), never zero.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Win rate = won / (won + lost), deals closed in the window; <see langword="null"/> when none closed.</item>
/// <item>Average deal size = mean amount of won deals; <see langword="null"/> when none won.</item>
/// <item>Sales cycle = mean days from creation to close of won deals; <see langword="null"/> when none won.</item>
/// <item>Velocity (amount per day) = open deals x win rate x average deal size / sales cycle days;
/// <see langword="null"/> when any factor is undefined or the cycle is zero.</item>
/// </list>
/// Rates and velocity are rounded to 4 decimals, money to 2, days to 4, midpoints away from zero.
/// </remarks>
/// <param name="OpenDeals">Open deals now.</param>
/// <param name="OpenAmount">Their total amount.</param>
/// <param name="Won">Deals won in the window.</param>
/// <param name="Lost">Deals lost in the window.</param>
/// <param name="WinRate">Won / (won + lost), or <see langword="null"/>.</param>
/// <param name="AverageDealSize">Mean won amount, or <see langword="null"/>.</param>
/// <param name="AverageCycleDays">Mean days to win, or <see langword="null"/>.</param>
/// <param name="Velocity">Pipeline velocity per day, or <see langword="null"/>.</param>
/// <param name="StageConversions">Stage-to-stage conversion of every working stage, in pipeline order.</param>
public sealed record SalesMetrics(
    int OpenDeals,
    decimal OpenAmount,
    int Won,
    int Lost,
    decimal? WinRate,
    decimal? AverageDealSize,
    decimal? AverageCycleDays,
    decimal? Velocity,
    IReadOnlyList<StageConversion> StageConversions);
