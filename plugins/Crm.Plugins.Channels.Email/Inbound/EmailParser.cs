using System.Diagnostics.CodeAnalysis;
using Crm.Plugins.Channels.Email.Mime;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Parses an RFC 5322 / MIME message from bytes: headers, the text/plain and text/html parts of (nested) multiparts,
/// any transfer encoding and charset. Lenient where mail is commonly sloppy; a message it cannot use (no header, no
/// sender address) is reported as malformed with a reason. Bounded in depth and parts, so hostile input stays cheap.
/// </summary>
internal static class EmailParser
{
    private const int MaxDepth = 8;
    private const int MaxParts = 200;

    /// <summary>Parses a message, or says why it cannot be used.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out ParsedEmail? email, [NotNullWhen(false)] out string? error)
    {
        email = null;
        var headers = MimeHeaders.Parse(data, out var bodyStart);
        if (headers.Count == 0)
        {
            error = "no header fields found";
            return false;
        }

        if (!MailboxParser.TryParse(headers["From"], out var fromAddress, out var fromName))
        {
            error = headers["From"] is null ? "no From header" : "the From header holds no address";
            return false;
        }

        string? text = null;
        string? html = null;
        var parts = 0;
        CollectBodies(headers, data[bodyStart..], 0, ref parts, ref text, ref html);

        var messageId = MessageIds.Parse(headers["Message-ID"]).FirstOrDefault()
            ?? "<sha256." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data))[..40] + "@message-id.missing>";
        var subject = headers["Subject"];
        email = new ParsedEmail
        {
            MessageId = messageId,
            FromAddress = fromAddress,
            FromName = fromName,
            Subject = subject is null ? null : EncodedWords.Decode(subject),
            Date = EmailDate.Parse(headers["Date"]),
            InReplyTo = MessageIds.Parse(headers["In-Reply-To"]).FirstOrDefault(),
            References = MessageIds.Parse(headers["References"]),
            To = headers["To"] is { } to ? EncodedWords.Decode(to) : null,
            AutoSubmitted = headers["Auto-Submitted"],
            TextBody = text,
            HtmlBody = html,
        };
        error = null;
        return true;
    }

    private static void CollectBodies(MimeHeaders headers, ReadOnlySpan<byte> body, int depth, ref int parts, ref string? text, ref string? html)
    {
        if (++parts > MaxParts || (text is not null && html is not null))
        {
            return;
        }

        var type = ContentType.Parse(headers["Content-Type"]);
        if (type.IsMultipart)
        {
            var boundary = type["boundary"];
            if (string.IsNullOrEmpty(boundary) || depth >= MaxDepth)
            {
                return;
            }

            foreach (var (start, length) in MultipartSplitter.Split(body, boundary))
            {
                var part = body.Slice(start, length);
                var partHeaders = MimeHeaders.Parse(part, out var partBody);
                CollectBodies(partHeaders, part[partBody..], depth + 1, ref parts, ref text, ref html);
            }

            return;
        }

        var disposition = ContentType.Parse(headers["Content-Disposition"], defaultType: "inline");
        if (disposition.MediaType == "attachment")
        {
            return;
        }

        if (type.MediaType == "text/plain" && text is null)
        {
            text = DecodeText(headers, type, body);
        }
        else if (type.MediaType == "text/html" && html is null)
        {
            html = DecodeText(headers, type, body);
        }
    }

    private static string DecodeText(MimeHeaders headers, ContentType type, ReadOnlySpan<byte> body)
    {
        var encoding = headers["Content-Transfer-Encoding"]?.Trim().ToLowerInvariant();
        var bytes = encoding switch
        {
            "base64" => TransferEncodings.DecodeBase64(body),
            "quoted-printable" => TransferEncodings.DecodeQuotedPrintable(body),
            _ => body.ToArray(),
        };
        return Charsets.Get(type["charset"]).GetString(bytes).ReplaceLineEndings("\n").TrimEnd('\n');
    }
}
