using System.Globalization;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Plugins.Channels.Email.Smtp;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Checks <see cref="EmailChannelOptions"/> and reports every problem at once, each naming its option: as
/// <c>EmailChannelOptions.Smtp.Host</c> for code, or as a settings path such as <c>$.smtp.host</c> for the plugin.
/// </summary>
internal sealed class EmailChannelOptionsValidator : IValidateOptions<EmailChannelOptions>
{
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromMinutes(30);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmailChannelOptions options)
    {
        var failures = Validate(options, CodeName);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, if there is one.</summary>
    public static void ThrowIfInvalid(EmailChannelOptions options, Func<string, string>? name = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Validate(options, name ?? CodeName);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmailChannelOptions), failures);
        }
    }

    /// <summary>Names an option path (<c>Smtp.Host</c>) the way code sees it.</summary>
    public static string CodeName(string path) => nameof(EmailChannelOptions) + "." + path;

    /// <summary>Returns the sender identity of options that passed validation.</summary>
    public static EmailSender Sender(EmailChannelOptions options)
    {
        EmailAddress.TryNormalize(options.FromAddress, out var from, out _);
        string? replyTo = null;
        if (!string.IsNullOrWhiteSpace(options.ReplyToAddress))
        {
            EmailAddress.TryNormalize(options.ReplyToAddress, out replyTo, out _);
        }

        var domain = EmailAddress.DomainOf(from!);
        if (!string.IsNullOrWhiteSpace(options.MessageIdDomain))
        {
            EmailAddress.TryNormalizeDomain(options.MessageIdDomain.Trim(), out domain);
        }

        return new EmailSender(from!, string.IsNullOrWhiteSpace(options.FromName) ? null : options.FromName.Trim(), replyTo, domain!);
    }

    /// <summary>Checks the options; <paramref name="name"/> turns an option path into the name shown.</summary>
    public static List<string> Validate(EmailChannelOptions options, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{name("Mode")} is '{options.Mode}'; use Pickup or Smtp.");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress))
        {
            failures.Add($"{name("FromAddress")} is not set; set it to the sender address, such as 'crm@example.com'.");
        }
        else if (!EmailAddress.TryNormalize(options.FromAddress, out _, out var error))
        {
            failures.Add($"{name("FromAddress")} '{options.FromAddress}' is not a valid address: {error}.");
        }

        if (options.FromName is { Length: > 200 })
        {
            failures.Add($"{name("FromName")} is {options.FromName.Length} characters long; use at most 200.");
        }

        if (!string.IsNullOrWhiteSpace(options.ReplyToAddress) && !EmailAddress.TryNormalize(options.ReplyToAddress, out _, out var replyError))
        {
            failures.Add($"{name("ReplyToAddress")} '{options.ReplyToAddress}' is not a valid address: {replyError}.");
        }

        if (!string.IsNullOrWhiteSpace(options.MessageIdDomain) && !EmailAddress.TryNormalizeDomain(options.MessageIdDomain.Trim(), out _))
        {
            failures.Add($"{name("MessageIdDomain")} '{options.MessageIdDomain}' is not a valid domain, such as 'mail.example.com'.");
        }

        if (options.IdempotencyCacheSize is < 1 or > 1_000_000)
        {
            failures.Add($"{name("IdempotencyCacheSize")} is {options.IdempotencyCacheSize}; it must lie between 1 and 1000000.");
        }

        if (options.Mode == EmailChannelMode.Pickup && !IsPath(options.PickupDirectory))
        {
            failures.Add($"{name("PickupDirectory")} is not set; set it to the folder .eml files are written to, such as '{EmailChannelOptions.DefaultPickupDirectory}'.");
        }

        if (options.Mode == EmailChannelMode.Smtp)
        {
            ValidateSmtp(options.Smtp, path => name("Smtp." + path), failures);
        }

        ValidateInbox(options.Inbox, path => name("Inbox." + path), failures);
        return failures;
    }

    private static void ValidateSmtp(SmtpOptions smtp, Func<string, string> name, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add($"{name("Host")} is not set; set it to the SMTP server's host name, such as 'smtp.example.com'.");
        }
        else if (smtp.Host.Any(char.IsWhiteSpace) || Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
        {
            failures.Add($"{name("Host")} '{smtp.Host}' is not a host name or IP address.");
        }

        if (smtp.Port is < 0 or > 65535)
        {
            failures.Add($"{name("Port")} is {smtp.Port}; use 1-65535, or 0 for the default of the security mode (587, or 465 for ImplicitTls).");
        }

        if (!Enum.IsDefined(smtp.Security))
        {
            failures.Add($"{name("Security")} is '{smtp.Security}'; use StartTls, ImplicitTls, StartTlsWhenAvailable or None.");
        }

        if (!Enum.IsDefined(smtp.AuthMechanism))
        {
            failures.Add($"{name("AuthMechanism")} is '{smtp.AuthMechanism}'; use Auto, Plain or Login.");
        }

        var hasUser = !string.IsNullOrEmpty(smtp.UserName);
        var hasPassword = !string.IsNullOrEmpty(smtp.Password);
        if (hasUser != hasPassword)
        {
            failures.Add(hasUser
                ? $"{name("Password")} is not set but {name("UserName")} is; set both to log in, or neither."
                : $"{name("UserName")} is not set but {name("Password")} is; set both to log in, or neither.");
        }

        if (hasUser && smtp.Security == SmtpSecurity.None && !smtp.AllowPlaintextAuthentication)
        {
            failures.Add($"{name("UserName")} is set but {name("Security")} is None, so the password would travel unencrypted; use StartTls or ImplicitTls, or set {name("AllowPlaintextAuthentication")} for a trusted network.");
        }

        CheckRange(smtp.ConnectTimeout, MaxConnectTimeout, name("ConnectTimeout"), failures);
        CheckRange(smtp.CommandTimeout, MaxCommandTimeout, name("CommandTimeout"), failures);
        CheckRange(smtp.PooledConnectionIdleTimeout, TimeSpan.FromHours(1), name("PooledConnectionIdleTimeout"), failures);
        if (smtp.MaxPooledConnections is < 0 or > 100)
        {
            failures.Add($"{name("MaxPooledConnections")} is {smtp.MaxPooledConnections}; it must lie between 0 (a connection per message) and 100.");
        }

        for (var i = 0; i < smtp.AcceptedCertificateThumbprints.Count; i++)
        {
            var thumbprint = smtp.AcceptedCertificateThumbprints[i] ?? "";
            var hex = SmtpConnection.NormalizeThumbprint(thumbprint);
            if (hex.Length != 64 || thumbprint.Any(c => !char.IsAsciiHexDigit(c) && c is not (':' or ' ' or '-')))
            {
                failures.Add($"{name("AcceptedCertificateThumbprints")}[{i.ToString(CultureInfo.InvariantCulture)}] '{thumbprint}' is not a SHA-256 thumbprint (64 hex digits).");
            }
        }

        if (!string.IsNullOrWhiteSpace(smtp.ClientName) && !EmailAddress.TryNormalizeDomain(smtp.ClientName.Trim(), out _))
        {
            failures.Add($"{name("ClientName")} '{smtp.ClientName}' is not a host name or address literal such as '[192.0.2.1]'.");
        }
    }

    private static void ValidateInbox(EmailInboxOptions inbox, Func<string, string> name, List<string> failures)
    {
        if (inbox.Directory is null)
        {
            return;
        }

        if (!IsPath(inbox.Directory))
        {
            failures.Add($"{name("Directory")} is empty; set it to a maildir or a folder of .eml files, or leave it unset for no inbound mail.");
            return;
        }

        if (!inbox.Directory.Contains(EmailInboxOptions.TenantPlaceholder, StringComparison.Ordinal) && string.IsNullOrWhiteSpace(inbox.TenantId))
        {
            failures.Add($"{name("TenantId")} is not set and {name("Directory")} has no '{EmailInboxOptions.TenantPlaceholder}' placeholder; name the one tenant the inbox belongs to, or put '{EmailInboxOptions.TenantPlaceholder}' into the folder path.");
        }

        if (inbox.PollInterval < TimeSpan.FromSeconds(1) || inbox.PollInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{name("PollInterval")} is '{inbox.PollInterval}'; it must lie between 00:00:01 and 1.00:00:00.");
        }

        if (inbox.MaxMessagesPerPoll is < 1 or > 1000)
        {
            failures.Add($"{name("MaxMessagesPerPoll")} is {inbox.MaxMessagesPerPoll}; it must lie between 1 and 1000.");
        }

        if (inbox.MaxMessageBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            failures.Add($"{name("MaxMessageBytes")} is {inbox.MaxMessageBytes}; it must lie between 1024 and 1073741824.");
        }
    }

    private static void CheckRange(TimeSpan value, TimeSpan max, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"{name} is '{value}'; it must be positive and at most {max}.");
        }
    }

    private static bool IsPath(string? path) => !string.IsNullOrWhiteSpace(path) && !path.Contains('\0', StringComparison.Ordinal);
}
