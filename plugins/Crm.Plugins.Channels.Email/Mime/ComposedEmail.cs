namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>A message ready to hand on: the envelope and the RFC 5322 bytes (CRLF lines, ASCII only).</summary>
/// <param name="MessageId">The Message-ID header value, brackets included.</param>
/// <param name="EnvelopeFrom">The envelope sender (SMTP MAIL FROM).</param>
/// <param name="Recipient">The normalized recipient address (SMTP RCPT TO).</param>
/// <param name="Content">The message, headers and body.</param>
internal sealed record ComposedEmail(string MessageId, string EnvelopeFrom, string Recipient, ReadOnlyMemory<byte> Content);
