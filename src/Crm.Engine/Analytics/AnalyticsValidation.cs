namespace Crm.Engine.Analytics;

/// <summary>Checks analytics inputs and normalizes them, with errors that name the field.</summary>
internal static class AnalyticsValidation
{
    private const int MaxChannelLength = 100;

    public static AnalyticsQuery Query(AnalyticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Period);
        _ = query.Period.Boundaries();
        if (query.ChurnWindow <= TimeSpan.Zero)
        {
            throw new CrmValidationException("churnWindow", $"the churn window must be positive (got {query.ChurnWindow}).", "range");
        }

        if (query.ExpectedLifespanYears <= 0)
        {
            throw new CrmValidationException("expectedLifespanYears", $"the expected lifespan must be positive (got {query.ExpectedLifespanYears}).", "range");
        }

        return query with { Currency = Currency(query.Currency, "currency") };
    }

    public static AcquisitionCost Cost(AcquisitionCost cost, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(cost.Channel) || cost.Channel.Trim().Length > MaxChannelLength)
        {
            throw new CrmValidationException("channel", $"a cost needs a channel of 1 to {MaxChannelLength} characters.", "required");
        }

        if (cost.Amount < 0 || decimal.Round(cost.Amount, 4) != cost.Amount || cost.Amount > 1_000_000_000_000m)
        {
            throw new CrmValidationException("amount", $"the amount {cost.Amount} must be between 0 and 10^12 with at most 4 decimals.", "range");
        }

        return cost with
        {
            Id = cost.Id == Guid.Empty ? Guid.CreateVersion7(now) : cost.Id,
            Channel = cost.Channel.Trim(),
            Currency = Currency(cost.Currency, "currency"),
        };
    }

    private static string Currency(string? code, string path)
    {
        var normalized = code?.Trim().ToUpperInvariant();
        if (normalized is not { Length: 3 } || !normalized.All(char.IsAsciiLetterUpper))
        {
            throw new CrmValidationException(path, $"'{code}' is not an ISO 4217 currency code such as 'EUR'.", "currency");
        }

        return normalized;
    }
}
