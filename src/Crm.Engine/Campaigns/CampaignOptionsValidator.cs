using Microsoft.Extensions.Options;

namespace Crm.Engine.Campaigns;

/// <summary>Validates <see cref="CampaignOptions"/>, naming the option in every failure and never echoing the secret.</summary>
internal sealed class CampaignOptionsValidator : IValidateOptions<CampaignOptions>
{
    private const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, CampaignOptions options)
    {
        var failures = new List<string>();
        if (options.TrackingSecret is { } secret && secret.Length < MinSecretLength)
        {
            failures.Add($"CampaignOptions.{nameof(options.TrackingSecret)} must have at least {MinSecretLength} characters (has {secret.Length}).");
        }

        if (options.TrackingBaseUrl is { } url && (!url.IsAbsoluteUri || !url.AbsoluteUri.EndsWith('/')))
        {
            failures.Add($"CampaignOptions.{nameof(options.TrackingBaseUrl)} must be an absolute address ending with '/' (was '{url}').");
        }

        if ((options.TrackingSecret is null) != (options.TrackingBaseUrl is null))
        {
            failures.Add($"CampaignOptions.{nameof(options.TrackingSecret)} and {nameof(options.TrackingBaseUrl)} are set together or not at all.");
        }

        if (options.SendBatchSize is < 1 or > 10_000)
        {
            failures.Add($"CampaignOptions.{nameof(options.SendBatchSize)} must be between 1 and 10000 (was {options.SendBatchSize}).");
        }

        if (options.DispatchInterval < TimeSpan.FromSeconds(1) || options.DispatchInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"CampaignOptions.{nameof(options.DispatchInterval)} must be between 1 second and 1 hour (was {options.DispatchInterval}).");
        }

        if (options.DispatchLookahead < options.DispatchInterval || options.DispatchLookahead > TimeSpan.FromDays(1))
        {
            failures.Add($"CampaignOptions.{nameof(options.DispatchLookahead)} must be at least {nameof(options.DispatchInterval)} ({options.DispatchInterval}) and at most one day (was {options.DispatchLookahead}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
