using System.Globalization;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Reads inbound mail from a maildir or a folder of <c>.eml</c> files. Each poll first moves the files the engine
/// acknowledged (the cursor it stored after recording them) out of the incoming folder, then returns the oldest files
/// still there. Nothing is moved before the engine has recorded it, so a crash re-delivers rather than loses mail.
/// Unusable files are moved to <c>bad/</c> with a logged warning; they never stop a poll.
/// </summary>
internal sealed class MaildirInboundPoller : IInboundPoller
{
    private const string EmptyText = "(no text)";
    private readonly EmailInboxOptions _options;
    private readonly ILogger _logger;

    public MaildirInboundPoller(EmailInboxOptions options, ILogger<MaildirInboundPoller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory, "options.Directory");
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Email;

    /// <inheritdoc />
    public TimeSpan PollInterval => _options.PollInterval;

    /// <inheritdoc />
    public async ValueTask<InboundPollResult> PollAsync(string tenantId, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        cancellationToken.ThrowIfCancellationRequested();
        var directory = DirectoryFor(tenantId);
        if (directory is null)
        {
            return new InboundPollResult([], cursor);
        }

        var layout = InboxLayout.Resolve(directory);
        if (!Directory.Exists(layout.Incoming))
        {
            return new InboundPollResult([], InboxCursor.Format([]));
        }

        var acknowledged = Acknowledge(layout, InboxCursor.Parse(cursor));
        var messages = new List<InboundMessage>();
        var names = new List<string>();
        foreach (var file in Candidates(layout))
        {
            if (messages.Count >= _options.MaxMessagesPerPoll)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var message = await ReadAsync(layout, file, cancellationToken).ConfigureAwait(false);
            if (message is not null)
            {
                messages.Add(message);
                names.Add(file.Name);
            }
        }

        EmailLog.InboxPolled(_logger, layout.Incoming, tenantId, messages.Count, acknowledged);
        return new InboundPollResult(messages, InboxCursor.Format(names));
    }

    /// <summary>Returns the tenant's inbox folder, or <see langword="null"/> when this inbox does not serve the tenant.</summary>
    internal string? DirectoryFor(string tenantId)
    {
        var directory = _options.Directory!;
        if (directory.Contains(EmailInboxOptions.TenantPlaceholder, StringComparison.Ordinal))
        {
            // The tenant id becomes part of a path: accept only ids that cannot leave the configured folder.
            var safe = tenantId is not ("." or "..") && tenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
            return safe ? directory.Replace(EmailInboxOptions.TenantPlaceholder, tenantId, StringComparison.Ordinal) : null;
        }

        return string.Equals(_options.TenantId, tenantId, StringComparison.Ordinal) ? directory : null;
    }

    private static List<FileInfo> Candidates(InboxLayout layout) =>
        new DirectoryInfo(layout.Incoming)
            .EnumerateFiles()
            .Where(file => layout.IsCandidate(file.Name))
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .ToList();

    private int Acknowledge(InboxLayout layout, IReadOnlyList<string> names)
    {
        var moved = 0;
        foreach (var name in names)
        {
            var source = Path.Combine(layout.Incoming, name);
            if (!File.Exists(source))
            {
                continue;
            }

            if (TryMove(source, layout.Done, layout.DoneName(name)))
            {
                moved++;
            }
        }

        return moved;
    }

    private async Task<InboundMessage?> ReadAsync(InboxLayout layout, FileInfo file, CancellationToken cancellationToken)
    {
        byte[] data;
        try
        {
            if (file.Length > _options.MaxMessageBytes)
            {
                Reject(layout, file, $"larger than Inbox.MaxMessageBytes ({_options.MaxMessageBytes.ToString(CultureInfo.InvariantCulture)} bytes)");
                return null;
            }

            data = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Taken by someone else between listing and reading.
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmailLog.InboundReadFailed(_logger, file.Name, exception.GetType().Name);
            return null;
        }

        if (!EmailParser.TryParse(data, out var email, out var error))
        {
            Reject(layout, file, error);
            return null;
        }

        var text = email.TextBody is { Length: > 0 } plain ? plain
            : email.HtmlBody is { Length: > 0 } html ? HtmlText.ToText(html)
            : "";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["messageId"] = email.MessageId };
        if (email.References.Count > 0)
        {
            metadata["references"] = string.Join(' ', email.References);
        }

        if (email.To is not null)
        {
            metadata["to"] = email.To;
        }

        if (email.Date is { } date)
        {
            metadata["date"] = date.ToString("O", CultureInfo.InvariantCulture);
        }

        if (email.AutoSubmitted is { } auto && !string.Equals(auto, "no", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3834: answering an automatic message (an out-of-office) with another risks a mail loop.
            metadata["autoSubmitted"] = auto;
        }

        return new InboundMessage
        {
            Channel = InteractionChannels.Email,
            ExternalId = email.MessageId,
            SenderAddress = email.FromAddress,
            SenderName = email.FromName,
            Subject = email.Subject,
            TextBody = text.Length > 0 ? text : EmptyText,
            HtmlBody = email.HtmlBody,
            InReplyTo = email.Parent,
            ReceivedAt = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
            Metadata = metadata,
        };
    }

    private void Reject(InboxLayout layout, FileInfo file, string reason)
    {
        EmailLog.InboundFileRejected(_logger, file.Name, layout.Bad, reason);
        TryMove(file.FullName, layout.Bad, file.Name);
    }

    private bool TryMove(string source, string targetDirectory, string targetName)
    {
        try
        {
            Directory.CreateDirectory(targetDirectory);
            var target = Path.Combine(targetDirectory, targetName);
            for (var attempt = 1; File.Exists(target); attempt++)
            {
                target = Path.Combine(targetDirectory, targetName + "." + attempt.ToString(CultureInfo.InvariantCulture));
            }

            File.Move(source, target, overwrite: false);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmailLog.InboundMoveFailed(_logger, Path.GetFileName(source), exception.GetType().Name);
            return false;
        }
    }
}
