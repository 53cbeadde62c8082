using System.Globalization;
using System.Text;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Turns an <see cref="OutboundMessage"/> into an RFC 5322 / MIME message: UTF-8 text (and HTML as
/// <c>multipart/alternative</c>) in quoted-printable or base64, encoded-word headers, a Message-ID derived from the
/// idempotency key, and the threading headers the engine passes in <see cref="OutboundMessage.Headers"/>.
/// </summary>
internal sealed class EmailComposer
{
    private readonly EmailSender _sender;
    private readonly TimeProvider _time;

    public EmailComposer(EmailSender sender, TimeProvider time)
    {
        _sender = sender;
        _time = time;
    }

    /// <summary>Builds the message for a recipient already normalized by <see cref="EmailAddress"/>.</summary>
    public ComposedEmail Compose(OutboundMessage message, string recipient)
    {
        var messageId = MessageIds.FromIdempotencyKey(message.IdempotencyKey, _sender.MessageIdDomain);
        var text = new StringBuilder(512 + (message.TextBody.Length * 2));
        var headers = new HeaderWriter(text);
        headers.AddRaw("Date", _time.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        headers.AddMailbox("From", _sender.DisplayName, _sender.Address);
        var replyTo = ReplyTo(message);
        if (replyTo is not null)
        {
            headers.AddMailbox("Reply-To", null, replyTo);
        }

        headers.AddMailbox("To", null, recipient);
        if (!string.IsNullOrEmpty(message.Subject))
        {
            headers.AddUnstructured("Subject", message.Subject);
        }

        headers.AddRaw("Message-ID", messageId);
        AddThreading(message, headers);
        foreach (var (name, value) in message.Headers)
        {
            if (name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) && IsFieldName(name) && !string.IsNullOrEmpty(value))
            {
                headers.AddUnstructured(name, value);
            }
        }

        headers.AddRaw("MIME-Version", "1.0");
        if (string.IsNullOrEmpty(message.HtmlBody))
        {
            AppendPart(text, headers, "text/plain", message.TextBody);
        }
        else
        {
            var boundary = "=_crm_" + MessageIds.Hash(message.IdempotencyKey, 24);
            headers.AddRaw("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
            text.Append("\r\nThis is a multi-part message in MIME format.\r\n");
            text.Append("\r\n--").Append(boundary).Append("\r\n");
            AppendPart(text, headers, "text/plain", message.TextBody);
            text.Append("\r\n--").Append(boundary).Append("\r\n");
            AppendPart(text, headers, "text/html", message.HtmlBody);
            text.Append("\r\n--").Append(boundary).Append("--");
        }

        text.Append("\r\n");
        return new ComposedEmail(messageId, _sender.Address, recipient, Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>Tells whether a name is a valid RFC 5322 field name (printable ASCII except ':').</summary>
    public static bool IsFieldName(string name) => name.Length is > 0 and <= 76 && name.All(c => c is > ' ' and <= '~' and not ':');

    private static void AppendPart(StringBuilder text, HeaderWriter headers, string mediaType, string body)
    {
        var canonical = string.Join("\r\n", TransferEncodings.Lines(body));
        var utf8 = Encoding.UTF8.GetBytes(canonical);

        // Quoted-printable keeps mostly-ASCII text readable; beyond a third of escaped bytes base64 is smaller.
        var base64 = TransferEncodings.CountEscapedBytes(utf8) * 3 > utf8.Length;
        headers.AddRaw("Content-Type", mediaType + "; charset=utf-8");
        headers.AddRaw("Content-Transfer-Encoding", base64 ? "base64" : "quoted-printable");
        text.Append("\r\n");
        text.Append(base64 ? TransferEncodings.EncodeBase64Lines(utf8) : TransferEncodings.EncodeQuotedPrintable(canonical));
    }

    private static string? Header(OutboundMessage message, string name)
    {
        foreach (var (key, value) in message.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static void AddThreading(OutboundMessage message, HeaderWriter headers)
    {
        var inReplyTo = MessageIds.Parse(Header(message, "In-Reply-To")).Where(Fits).Take(1).ToList();
        var references = MessageIds.Parse(Header(message, "References")).Where(Fits).ToList();

        // RFC 5322 3.6.4: References ends with the parent's id; with only In-Reply-To known, that id alone.
        if (inReplyTo.Count == 1 && !references.Contains(inReplyTo[0], StringComparer.Ordinal))
        {
            references.Add(inReplyTo[0]);
        }

        if (inReplyTo.Count == 1)
        {
            headers.AddIds("In-Reply-To", inReplyTo);
        }

        if (references.Count > 0)
        {
            headers.AddIds("References", references);
        }

        static bool Fits(string id) => id.Length <= HeaderWriter.MaxTokenLength;
    }

    private string? ReplyTo(OutboundMessage message)
    {
        var requested = Header(message, "Reply-To");
        if (requested is not null && EmailAddress.TryNormalize(requested, out var address, out _))
        {
            return address;
        }

        return _sender.ReplyTo;
    }
}
