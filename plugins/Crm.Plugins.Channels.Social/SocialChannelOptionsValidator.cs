using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Checks <see cref="SocialChannelOptions"/> and reports every problem at once, each naming the option and its plugin
/// setting. The access token is never part of a message.
/// </summary>
internal sealed class SocialChannelOptionsValidator : IValidateOptions<SocialChannelOptions>
{
    private const string Name = nameof(SocialChannelOptions);

    public ValidateOptionsResult Validate(string? name, SocialChannelOptions options)
    {
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(SocialChannelOptions options)
    {
        var failures = Collect(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Name, typeof(SocialChannelOptions), failures);
        }
    }

    public static List<string> Collect(SocialChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.InstanceUrl is null)
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.InstanceUrl)} (setting 'instanceUrl') is not set; set it to the server's root, such as 'https://mastodon.example/'.");
        }
        else if (!(options.InstanceUrl.IsAbsoluteUri && (options.InstanceUrl.Scheme == Uri.UriSchemeHttps || options.InstanceUrl.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.InstanceUrl)} (setting 'instanceUrl') must be an absolute http or https URL, such as 'https://mastodon.example/'.");
        }

        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.AccessToken)} (setting 'accessToken') is not set; set it to the account's access token.");
        }
        else if (options.AccessToken.Any(c => c is < '!' or > '~'))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.AccessToken)} (setting 'accessToken') holds spaces or characters outside printable ASCII; copy the token again.");
        }

        if (options.TenantId is { } tenant && string.IsNullOrWhiteSpace(tenant))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.TenantId)} (setting 'tenantId') is blank; set a tenant id or leave it unset.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(5) || options.PollInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.PollInterval)} (setting 'pollIntervalSeconds') is {options.PollInterval}; it must lie between 00:00:05 and 1.00:00:00.");
        }

        if (options.PageSize is < 1 or > SocialChannelOptions.MaxPageSize)
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.PageSize)} (setting 'pageSize') is {options.PageSize}; it must lie between 1 and {SocialChannelOptions.MaxPageSize}.");
        }

        if (options.MaxPagesPerPoll is < 1 or > 100)
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.MaxPagesPerPoll)} (setting 'maxPagesPerPoll') is {options.MaxPagesPerPoll}; it must lie between 1 and 100.");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.Timeout)} (setting 'timeoutSeconds') is {options.Timeout}; it must lie between 00:00:00.001 and 00:05:00.");
        }

        if (options.IdempotencyCacheSize is < 1 or > 1_000_000)
        {
            failures.Add($"{Name}.{nameof(SocialChannelOptions.IdempotencyCacheSize)} (setting 'idempotencyCacheSize') is {options.IdempotencyCacheSize}; it must lie between 1 and 1000000.");
        }

        return failures;
    }
}
