using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Checks <see cref="ChatChannelOptions"/> and reports every problem at once, each naming the option and its plugin
/// setting. Secret values are never part of a message.
/// </summary>
internal sealed class ChatChannelOptionsValidator : IValidateOptions<ChatChannelOptions>
{
    private const string Name = nameof(ChatChannelOptions);

    public ValidateOptionsResult Validate(string? name, ChatChannelOptions options)
    {
        var failures = Collect(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(ChatChannelOptions options)
    {
        var failures = Collect(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Name, typeof(ChatChannelOptions), failures);
        }
    }

    public static List<string> Collect(ChatChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.WebhookUrl is null && options.SigningSecret is null)
        {
            failures.Add($"Neither {Name}.{nameof(ChatChannelOptions.WebhookUrl)} (setting 'webhookUrl') nor {Name}.{nameof(ChatChannelOptions.SigningSecret)} (setting 'signingSecret') is set; set the webhook URL to send, the signing secret to receive, or both.");
        }

        // The URL carries the webhook's token, so it is described, never quoted.
        if (options.WebhookUrl is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add($"{Name}.{nameof(ChatChannelOptions.WebhookUrl)} (setting 'webhookUrl') must be an absolute http or https URL.");
        }

        if (options.SigningSecret is { } secret
            && (secret.Length < ChatChannelOptions.MinSigningSecretLength || string.IsNullOrWhiteSpace(secret)))
        {
            failures.Add($"{Name}.{nameof(ChatChannelOptions.SigningSecret)} (setting 'signingSecret') must hold at least {ChatChannelOptions.MinSigningSecretLength} non-blank characters (the app's signing secret).");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Name}.{nameof(ChatChannelOptions.Timeout)} (setting 'timeoutSeconds') is {options.Timeout}; it must lie between 00:00:00.001 and 00:05:00.");
        }

        if (options.SignatureTolerance < TimeSpan.FromSeconds(1) || options.SignatureTolerance > TimeSpan.FromHours(1))
        {
            failures.Add($"{Name}.{nameof(ChatChannelOptions.SignatureTolerance)} (setting 'signatureToleranceSeconds') is {options.SignatureTolerance}; it must lie between 00:00:01 and 01:00:00.");
        }

        if (options.IdempotencyCacheSize is < 1 or > 1_000_000)
        {
            failures.Add($"{Name}.{nameof(ChatChannelOptions.IdempotencyCacheSize)} (setting 'idempotencyCacheSize') is {options.IdempotencyCacheSize}; it must lie between 1 and 1000000.");
        }

        return failures;
    }
}
