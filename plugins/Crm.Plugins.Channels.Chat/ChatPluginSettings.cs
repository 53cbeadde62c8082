namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// The plugin's settings as operators write them (see the schema in plugin.json); mapped onto
/// <see cref="ChatChannelOptions"/>, which validates them.
/// </summary>
internal sealed class ChatPluginSettings
{
    public Uri? WebhookUrl { get; set; }

    public string? SigningSecret { get; set; }

    public int TimeoutSeconds { get; set; } = (int)ChatChannelOptions.DefaultTimeout.TotalSeconds;

    public int SignatureToleranceSeconds { get; set; } = (int)ChatChannelOptions.DefaultSignatureTolerance.TotalSeconds;

    public int IdempotencyCacheSize { get; set; } = ChatChannelOptions.DefaultIdempotencyCacheSize;

    public void ApplyTo(ChatChannelOptions options)
    {
        options.WebhookUrl = WebhookUrl;
        options.SigningSecret = SigningSecret;
        options.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        options.SignatureTolerance = TimeSpan.FromSeconds(SignatureToleranceSeconds);
        options.IdempotencyCacheSize = IdempotencyCacheSize;
    }
}
