using Microsoft.Extensions.Options;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>Checks <see cref="LoyaltyPointsOptions"/> at registration, naming every bad option.</summary>
internal static class LoyaltyPointsOptionsValidator
{
    public static void ThrowIfInvalid(LoyaltyPointsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ProgramName))
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.ProgramName)} must not be empty.");
        }

        if (options.PointsPerCurrencyUnit <= 0)
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.PointsPerCurrencyUnit)} must be more than 0; it is {options.PointsPerCurrencyUnit}.");
        }

        if (options.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.Currency)} must be an upper-case ISO 4217 code such as EUR; it is '{currency}'.");
        }

        if (options.BirthdayBonus < 0 || options.ReferralBonus < 0)
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.BirthdayBonus)} and {nameof(LoyaltyPointsOptions.ReferralBonus)} must not be negative.");
        }

        if (options.QualificationWindow <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.QualificationWindow)} must be positive; it is {options.QualificationWindow}.");
        }

        if (options.PointsLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(LoyaltyPointsOptions.PointsLifetime)} must be positive or null; it is {lifetime}.");
        }

        for (var i = 0; i < options.Tiers.Count; i++)
        {
            var tier = options.Tiers[i];
            if (string.IsNullOrWhiteSpace(tier.Name) || tier.Threshold < 0)
            {
                failures.Add($"Tiers[{i}] needs a name and a threshold of 0 or more.");
            }
        }

        foreach (var name in options.Tiers.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            failures.Add($"Tiers: the name '{name}' is used twice.");
        }

        foreach (var threshold in options.Tiers.GroupBy(t => t.Threshold).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            failures.Add($"Tiers: the threshold {threshold} is used twice.");
        }

        for (var i = 0; i < options.CampaignMultipliers.Count; i++)
        {
            var multiplier = options.CampaignMultipliers[i];
            if (multiplier.Multiplier <= 1 || string.IsNullOrWhiteSpace(multiplier.Name))
            {
                failures.Add($"CampaignMultipliers[{i}] needs a name and a multiplier above 1; it is {multiplier.Multiplier}.");
            }

            if (multiplier.From is { } from && multiplier.Until is { } until && until <= from)
            {
                failures.Add($"CampaignMultipliers[{i}] ends ({until:o}) before it starts ({from:o}).");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(LoyaltyPointsOptions), typeof(LoyaltyPointsOptions), failures);
        }
    }
}
