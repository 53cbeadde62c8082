namespace Crm.Engine.Sales;

/// <summary>One period and owner of a forecast.</summary>
/// <param name="PeriodStart">The first day of the period.</param>
/// <param name="OwnerId">The owner, or <see langword="null"/> for unowned deals.</param>
/// <param name="OpenDeals">How many open deals close in the period.</param>
/// <param name="Amount">Their total amount.</param>
/// <param name="WeightedAmount">The sum of amount x stage probability / 100, rounded to 2 decimals (midpoint away from zero).</param>
public sealed record ForecastLine(DateOnly PeriodStart, string? OwnerId, int OpenDeals, decimal Amount, decimal WeightedAmount);
