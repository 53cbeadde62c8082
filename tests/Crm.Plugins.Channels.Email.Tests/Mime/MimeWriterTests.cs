using System.Text;
using System.Text.RegularExpressions;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Mime;

public sealed partial class MimeWriterTests
{
    private static readonly EmailSender Sender = new("crm@example.test", "ACME Support", null, "mail.example.test");

    private static string Compose(Crm.Engine.Channels.OutboundMessage message, EmailSender? sender = null)
    {
        var composer = new EmailComposer(sender ?? Sender, new ManualTimeProvider(new DateTimeOffset(2026, 3, 5, 14, 7, 9, TimeSpan.Zero)));
        var email = composer.Compose(message, message.Recipient);
        Assert.All(email.Content.ToArray(), b => Assert.True(b < 128, "every byte is ASCII"));
        return Encoding.ASCII.GetString(email.Content.Span);
    }

    private static string Headers(string raw) => raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

    private static ParsedEmail Parse(string raw)
    {
        Assert.True(EmailParser.TryParse(Encoding.ASCII.GetBytes(raw), out var email, out var error), error);
        return email;
    }

    [Fact]
    public void Compose_TextOnly_WritesTheRequiredHeadersAndOneQuotedPrintablePart()
    {
        var raw = Compose(Messages.Outbound(subject: "Your order", text: "Thanks = much", key: "order-42"));

        var headers = Headers(raw);
        Assert.Contains("Date: Thu, 05 Mar 2026 14:07:09 +0000\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("From: ACME Support <crm@example.test>\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("To: alice@example.test\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("Subject: Your order\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("Message-ID: <order-42@mail.example.test>\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("MIME-Version: 1.0\r\n", headers, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\r\n", headers, StringComparison.Ordinal);
        Assert.EndsWith("Content-Transfer-Encoding: quoted-printable", headers, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nThanks =3D much\r\n", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Grüße aus Köln")]
    [InlineData("你好，世界 — 这是一个很长的主题行，需要被分成好几个编码字才能放进标题里面去")]
    [InlineData("Emoji 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 party")]
    [InlineData("looks like =?utf-8?Q?an_encoded_word?= but is not")]
    public void Compose_NonAsciiSubject_EncodesWordsOfAtMost75CharactersThatDecodeBack(string subject)
    {
        var raw = Compose(Messages.Outbound(subject: subject));

        var words = EncodedWord().Matches(Headers(raw)).Select(m => m.Value).ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.True(w.Length <= 75, w));
        Assert.Equal(subject, Parse(raw).Subject);
    }

    [Fact]
    public void Compose_LongAsciiSubject_FoldsAtSpacesWithoutEncoding()
    {
        var subject = string.Join(' ', Enumerable.Range(0, 40).Select(i => "word" + i));
        var raw = Compose(Messages.Outbound(subject: subject));

        var headers = Headers(raw);
        Assert.DoesNotContain("=?", headers, StringComparison.Ordinal);
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.Equal(subject, Parse(raw).Subject);
    }

    [Fact]
    public void Compose_SubjectWithLineBreaks_CannotInjectHeaders()
    {
        var raw = Compose(Messages.Outbound(subject: "Hi\r\nBcc: victim@example.test\nX-Evil: 1"));

        var headers = Headers(raw);
        Assert.DoesNotContain("\r\nBcc:", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nX-Evil:", headers, StringComparison.Ordinal);
        Assert.Equal("Hi Bcc: victim@example.test X-Evil: 1", Parse(raw).Subject);
    }

    [Theory]
    [InlineData("Zoë Müller", "=?utf-8?B?")]
    [InlineData("Smith, John", "\"Smith, John\"")]
    [InlineData("Say \"hi\"", "\"Say \\\"hi\\\"\"")]
    public void Compose_DisplayName_IsEncodedOrQuotedAndDecodesBack(string name, string expected)
    {
        var raw = Compose(Messages.Outbound(), Sender with { DisplayName = name });

        Assert.Contains(expected, Headers(raw), StringComparison.Ordinal);
        var parsed = Parse(raw);
        Assert.Equal(name, parsed.FromName);
        Assert.Equal("crm@example.test", parsed.FromAddress);
    }

    [Fact]
    public void Compose_HtmlBody_WritesMultipartAlternativeWithBothParts()
    {
        var raw = Compose(Messages.Outbound(text: "Plain text", html: "<p>Rich <b>text</b></p>", key: "multi-1"));

        var boundary = Boundary().Match(raw).Groups[1].Value;
        Assert.StartsWith("=_crm_", boundary, StringComparison.Ordinal);
        var delimiters = raw.Split("\r\n").Where(l => l.StartsWith("--" + boundary, StringComparison.Ordinal)).ToList();
        Assert.Equal(["--" + boundary, "--" + boundary, "--" + boundary + "--"], delimiters);
        Assert.Equal(3, Regex.Count(raw, Regex.Escape("--" + boundary)));
        var parsed = Parse(raw);
        Assert.Equal("Plain text", parsed.TextBody);
        Assert.Equal("<p>Rich <b>text</b></p>", parsed.HtmlBody);

        // The boundary derives from the key, so a resend writes identical bytes.
        Assert.Contains(boundary, Compose(Messages.Outbound(text: "Other", html: "<p>x</p>", key: "multi-1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_BodyThatContainsTheBoundaryText_CannotBreakTheStructure()
    {
        var probe = Compose(Messages.Outbound(text: "x", html: "<p>x</p>", key: "evil"));
        var boundary = Boundary().Match(probe).Groups[1].Value;
        var text = "--" + boundary + "\nContent-Type: text/html\n\n<script>--" + boundary + "--";

        var raw = Compose(Messages.Outbound(text: text, html: "<p>ok</p>", key: "evil"));

        var parsed = Parse(raw);
        Assert.Equal(text, parsed.TextBody);
        Assert.Equal("<p>ok</p>", parsed.HtmlBody);
    }

    [Fact]
    public void Compose_LongLinesAndManyEscapes_KeepEveryLineWithin76Characters()
    {
        var text = new string('=', 2000) + "\n" + string.Concat(Enumerable.Repeat("ü ", 600)) + "\n" + new string('a', 3000) + " \n\tend\t";
        var raw = Compose(Messages.Outbound(subject: new string('s', 1500), text: text, html: "<p>" + new string('h', 5000) + "</p>"));

        Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 998, $"line of {line.Length}"));
        var body = raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.All(body.Split("\r\n"), line => Assert.True(line.Length <= 76, $"body line of {line.Length}: {line}"));
        var parsed = Parse(raw);
        Assert.Equal(text, parsed.TextBody);
        Assert.Equal(new string('s', 1500), parsed.Subject);
    }

    [Fact]
    public void Compose_MostlyNonAsciiText_UsesBase64()
    {
        var raw = Compose(Messages.Outbound(text: "Привет, как дела? Всё хорошо."));

        Assert.Contains("Content-Transfer-Encoding: base64", raw, StringComparison.Ordinal);
        Assert.Equal("Привет, как дела? Всё хорошо.", Parse(raw).TextBody);
    }

    [Fact]
    public void Compose_LineStartingWithFrom_IsEscapedForMboxStores()
    {
        var raw = Compose(Messages.Outbound(text: "Hello\nFrom here on\nFromage"));

        Assert.Contains("\r\n=46rom here on\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("\r\nFromage\r\n", raw, StringComparison.Ordinal);
        Assert.Equal("Hello\nFrom here on\nFromage", Parse(raw).TextBody);
    }

    [Fact]
    public void Compose_ThreadingHeaders_ArePassedThroughAndReferencesEndWithTheParent()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["in-reply-to"] = "<parent@customer.example>", ["X-Campaign"] = "Spring sale" };

        var raw = Compose(Messages.Outbound(headers: headers));

        Assert.Contains("In-Reply-To: <parent@customer.example>\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("References: <parent@customer.example>\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("X-Campaign: Spring sale\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_MalformedThreadingAndHeaderNames_AreDropped()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["In-Reply-To"] = "<bad id with spaces@x>",
            ["References"] = "<ok@x>\r\nBcc: someone@example.test",
            ["X-Bad Name"] = "v",
            ["Bcc"] = "hidden@example.test",
        };

        var raw = Headers(Compose(Messages.Outbound(headers: headers)));

        Assert.DoesNotContain("In-Reply-To", raw, StringComparison.Ordinal);
        Assert.Contains("References: <ok@x>\r\n", raw + "\r\n", StringComparison.Ordinal);
        Assert.DoesNotContain("Bcc", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Bad", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order-42", "<order-42@mail.example.test>")]
    [InlineData("a.b+c_d", "<a.b+c_d@mail.example.test>")]
    public void MessageId_SafeKey_IsTheKeyItself(string key, string expected) =>
        Assert.Equal(expected, MessageIds.FromIdempotencyKey(key, "mail.example.test"));

    [Theory]
    [InlineData("key with spaces")]
    [InlineData("<angle>")]
    [InlineData("..dots")]
    [InlineData("ключ")]
    public void MessageId_UnsafeKey_IsAStableHashThatStillParses(string key)
    {
        var id = MessageIds.FromIdempotencyKey(key, "mail.example.test");

        Assert.Equal(id, MessageIds.FromIdempotencyKey(key, "mail.example.test"));
        Assert.Matches("^<k\\.[0-9a-f]{40}@mail\\.example\\.test>$", id);
        Assert.Equal([id], MessageIds.Parse(id));
    }

    [GeneratedRegex(@"=\?utf-8\?B\?[A-Za-z0-9+/=]*\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex Boundary();
}
