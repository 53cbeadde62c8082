namespace Acme.SmsGateway;

/// <summary>The plugin's settings, validated by the host against the schema in plugin.json before the plugin starts.</summary>
public sealed class SmsGatewaySettings
{
    /// <summary>Gets or sets the gateway's API root.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the API key.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Gets or sets the sender id shown to recipients.</summary>
    public string SenderId { get; set; } = "";

    /// <summary>Gets or sets the HTTP timeout in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
