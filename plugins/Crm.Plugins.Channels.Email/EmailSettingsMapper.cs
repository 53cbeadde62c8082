using Crm.Plugins.Channels.Email.Smtp;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Turns the plugin's JSON settings into <see cref="EmailChannelOptions"/>, and option paths back into the JSON paths
/// an operator edits (<c>Smtp.ConnectTimeout</c> is <c>$.smtp.connectTimeoutSeconds</c>), so errors point at the file.
/// </summary>
internal static class EmailSettingsMapper
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["FromAddress"] = "from",
        ["ReplyToAddress"] = "replyTo",
        ["Smtp.ConnectTimeout"] = "smtp.connectTimeoutSeconds",
        ["Smtp.CommandTimeout"] = "smtp.commandTimeoutSeconds",
        ["Smtp.PooledConnectionIdleTimeout"] = "smtp.pooledConnectionIdleTimeoutSeconds",
        ["Inbox.PollInterval"] = "inbox.pollIntervalSeconds",
    };

    /// <summary>Names an option path as the settings JSON path.</summary>
    public static string JsonName(string path)
    {
        if (Renamed.TryGetValue(path, out var renamed))
        {
            return "$." + renamed;
        }

        return "$." + string.Join('.', path.Split('.').Select(part => char.ToLowerInvariant(part[0]) + part[1..]));
    }

    /// <summary>Maps settings to options; enum names that do not exist are reported in <paramref name="failures"/>.</summary>
    public static EmailChannelOptions ToOptions(EmailPluginSettings settings, List<string> failures)
    {
        var options = new EmailChannelOptions
        {
            FromAddress = settings.From,
            FromName = settings.FromName,
            ReplyToAddress = settings.ReplyTo,
            MessageIdDomain = settings.MessageIdDomain,
        };
        options.Mode = ParseEnum(settings.Mode, options.Mode, "Mode", failures);
        options.PickupDirectory = settings.PickupDirectory ?? options.PickupDirectory;
        options.IdempotencyCacheSize = settings.IdempotencyCacheSize ?? options.IdempotencyCacheSize;
        if (settings.Smtp is { } smtp)
        {
            var target = options.Smtp;
            target.Host = smtp.Host;
            target.Port = smtp.Port ?? target.Port;
            target.Security = ParseEnum(smtp.Security, target.Security, "Smtp.Security", failures);
            target.UserName = smtp.UserName;
            target.Password = smtp.Password;
            target.AuthMechanism = ParseEnum(smtp.AuthMechanism, target.AuthMechanism, "Smtp.AuthMechanism", failures);
            target.AllowPlaintextAuthentication = smtp.AllowPlaintextAuthentication ?? false;
            target.DangerousAcceptAnyServerCertificate = smtp.DangerousAcceptAnyServerCertificate ?? false;
            target.ClientName = smtp.ClientName;
            target.ConnectTimeout = Seconds(smtp.ConnectTimeoutSeconds, target.ConnectTimeout);
            target.CommandTimeout = Seconds(smtp.CommandTimeoutSeconds, target.CommandTimeout);
            target.PooledConnectionIdleTimeout = Seconds(smtp.PooledConnectionIdleTimeoutSeconds, target.PooledConnectionIdleTimeout);
            target.MaxPooledConnections = smtp.MaxPooledConnections ?? target.MaxPooledConnections;
            foreach (var thumbprint in smtp.AcceptedCertificateThumbprints ?? [])
            {
                target.AcceptedCertificateThumbprints.Add(thumbprint);
            }
        }

        if (settings.Inbox is { } inbox)
        {
            var target = options.Inbox;
            target.Directory = inbox.Directory;
            target.TenantId = inbox.TenantId;
            target.PollInterval = Seconds(inbox.PollIntervalSeconds, target.PollInterval);
            target.MaxMessagesPerPoll = inbox.MaxMessagesPerPoll ?? target.MaxMessagesPerPoll;
            target.MaxMessageBytes = inbox.MaxMessageBytes ?? target.MaxMessageBytes;
        }

        return options;
    }

    private static TimeSpan Seconds(double? seconds, TimeSpan fallback) =>
        seconds is { } value && double.IsFinite(value) && Math.Abs(value) < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(value) : fallback;

    private static T ParseEnum<T>(string? value, T fallback, string path, List<string> failures)
        where T : struct, Enum
    {
        if (value is null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit))
        {
            return parsed;
        }

        failures.Add($"{JsonName(path)} is '{value}'; use one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
        return fallback;
    }
}
