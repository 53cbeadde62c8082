using System.Text;
using Crm.Plugins.Channels.Email.Inbound;

namespace Crm.Plugins.Channels.Email.Tests.Inbound;

public sealed class EmailParserTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static ParsedEmail Parse(string message)
    {
        Assert.True(EmailParser.TryParse(SampleMessages.Bytes(message), out var email, out var error), error);
        return email;
    }

    [Fact]
    public void Parse_ThunderbirdReply_ReadsHeadersThreadingAndTheTextPart()
    {
        var email = Parse(SampleMessages.ReplyFromThunderbird);

        Assert.Equal("<c0ffee-1@customer.example>", email.MessageId);
        Assert.Equal("ana@customer.example", email.FromAddress);
        Assert.Equal("Ana María López", email.FromName);
        Assert.Equal("Re: Your order ✓", email.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 15, 42, TimeSpan.FromHours(1)), email.Date);
        Assert.Equal("<order-42@example.test>", email.InReplyTo);
        Assert.Equal(["<order-40@example.test>", "<order-42@example.test>"], email.References);
        Assert.Equal("Gracias, ¿cuándo llega?\n\n> old quoted text", email.TextBody);
        Assert.Contains("<p>Gracias, ¿cuándo llega?</p>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("<order-42@example.test>", email.Parent);
    }

    [Fact]
    public void Parse_HtmlOnlyLatin1_DecodesCharsetAndNames()
    {
        var email = Parse(SampleMessages.HtmlOnlyLatin1);

        Assert.Null(email.TextBody);
        Assert.Equal("Müller, Jörg", email.FromName);
        Assert.Equal("Grüße", email.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero), email.Date);
        Assert.Equal("Hallo & Grüßå\n\n- Eins\n- Zwei", HtmlText.ToText(email.HtmlBody!));
    }

    [Fact]
    public void Parse_NestedMultipartWithAttachment_TakesTheInlineTextAndTheLastReference()
    {
        var email = Parse(SampleMessages.NestedWithAttachment);

        Assert.Equal("bob@customer.example", email.FromAddress);
        Assert.Equal("Bob Builder", email.FromName);
        Assert.Equal("See the invoice.", email.TextBody);
        Assert.Equal("<p>See the invoice.</p>", email.HtmlBody);
        Assert.Null(email.InReplyTo);
        Assert.Equal("<last@example.test>", email.Parent);
    }

    [Fact]
    public void Parse_NoMessageId_DerivesAStableIdFromTheContent()
    {
        var first = Parse(SampleMessages.NoMessageId);
        var second = Parse(SampleMessages.NoMessageId);
        var other = Parse(SampleMessages.NoMessageId + "\nmore");

        Assert.Matches("^<sha256\\.[0-9a-f]{40}@message-id\\.missing>$", first.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Theory]
    [InlineData("Ana <ana@x.example>", "ana@x.example", "Ana")]
    [InlineData("\"Lopez, Ana \\\"AL\\\"\" <ana@x.example>", "ana@x.example", "Lopez, Ana \"AL\"")]
    [InlineData("ana@x.example (Ana Lopez)", "ana@x.example", "Ana Lopez")]
    [InlineData("<ana@x.example>", "ana@x.example", null)]
    [InlineData("ana@x.example", "ana@x.example", null)]
    [InlineData("Ana <ana@x.example>, Bob <bob@x.example>", "ana@x.example", "Ana")]
    [InlineData("Team: Ana <ana@x.example>, bob@x.example;", "ana@x.example", "Ana")]
    [InlineData("=?utf-8?B?WsOrZQ==?= <zoe@x.example>", "zoe@x.example", "Zëe")]
    [InlineData("Ana <@relay.example:ana@x.example>", "ana@x.example", "Ana")]
    public void Mailbox_CommonForms_AreRead(string value, string address, string? name)
    {
        Assert.True(MailboxParser.TryParse(value, out var parsedAddress, out var parsedName));
        Assert.Equal(address, parsedAddress);
        Assert.Equal(name, parsedName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ana")]
    [InlineData("Ana <>")]
    [InlineData("undisclosed-recipients:;")]
    public void Mailbox_WithoutAddress_IsRefused(string value) => Assert.False(MailboxParser.TryParse(value, out _, out _));

    [Theory]
    [InlineData("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T10:52:37+02:00")]
    [InlineData("1 Jul 2003 10:52 -0500 (EST)", "2003-07-01T10:52:00-05:00")]
    [InlineData("Tue, 01 Jul 03 10:52:37 EDT", "2003-07-01T10:52:37-04:00")]
    [InlineData("Thu, 5 Mar 2026 14:07:09 GMT", "2026-03-05T14:07:09+00:00")]
    public void Date_Rfc5322Forms_AreRead(string value, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), EmailDate.Parse(value));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("31 Feb 2026 10:00:00 +0000")]
    [InlineData("1 Jul 2003 25:00 +0000")]
    [InlineData("1 Foo 2003 10:00 +0000")]
    public void Date_Invalid_IsNull(string value) => Assert.Null(EmailDate.Parse(value));

    [Theory]
    [InlineData("", "no header fields")]
    [InlineData("just some text without any header\r\n", "no header fields")]
    [InlineData("Subject: hi\r\n\r\nbody", "no From header")]
    [InlineData("From: nobody\r\n\r\nbody", "no address")]
    public void Parse_Unusable_SaysWhy(string message, string reason)
    {
        Assert.False(EmailParser.TryParse(Encoding.UTF8.GetBytes(message), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeededMutationsOfAValidMessage_NeverThrow()
    {
        var seeds = new[] { SampleMessages.ReplyFromThunderbird, SampleMessages.HtmlOnlyLatin1, SampleMessages.NestedWithAttachment }
            .Select(SampleMessages.Bytes).ToArray();
        var random = new Random(20260305);
        const int Cases = 10_000;
        var parsed = 0;
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Cases; i++)
        {
            var data = Mutate(seeds[i % seeds.Length], random);
            if (EmailParser.TryParse(data, out var email, out var error))
            {
                parsed++;
                Assert.StartsWith("<", email.MessageId, StringComparison.Ordinal);
                Assert.Contains("@", email.FromAddress, StringComparison.Ordinal);
                _ = email.HtmlBody is null ? "" : HtmlText.ToText(email.HtmlBody);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
                errors[error] = errors.GetValueOrDefault(error) + 1;
            }
        }

        output.WriteLine($"email parser: cases={Cases} parsed={parsed} refused={Cases - parsed} ({string.Join(", ", errors.Select(e => $"{e.Key}={e.Value}"))})");

        // The mutations are small, so most messages stay usable; both paths are exercised.
        Assert.InRange(parsed, Cases / 6, Cases - 1);
    }

    [Fact]
    public void Parse_HostileStructure_StaysBounded()
    {
        var nested = new StringBuilder("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (var i = 1; i < 3000; i++)
        {
            nested.Append("--b").Append(i - 1).Append("\r\nContent-Type: multipart/mixed; boundary=b").Append(i).Append("\r\n\r\n");
        }

        nested.Append("--b2999\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
        var headers = string.Concat(Enumerable.Repeat("X-A: 1\r\n", 50_000)) + "From: a@b.example\r\n\r\nbody";
        var random = new Random(7);
        var noise = new byte[100_000];
        random.NextBytes(noise);

        Assert.True(EmailParser.TryParse(Encoding.ASCII.GetBytes(nested.ToString()), out var deep, out _));
        Assert.Null(deep.TextBody);

        // Fields beyond the first thousand are ignored, so this From is never reached.
        Assert.False(EmailParser.TryParse(Encoding.ASCII.GetBytes(headers), out _, out var tooMany));
        Assert.Equal("no From header", tooMany);
        var parsed = EmailParser.TryParse(noise, out _, out var noiseError);
        Assert.True(parsed || noiseError is not null);
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var data = seed.ToList();
        var steps = random.Next(1, 6);
        for (var s = 0; s < steps && data.Count > 0; s++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(9))
            {
                case 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1:
                    data.RemoveRange(at, Math.Min(random.Next(1, 40), data.Count - at));
                    break;
                case 2:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 20)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 4:
                    data.InsertRange(at, "=?utf-8?B?"u8.ToArray());
                    break;
                case 5:
                    data.InsertRange(at, "\r\n--------------abc123\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n"u8.ToArray());
                    break;
                case 6:
                    data.InsertRange(at, "=\r\n=Z=9"u8.ToArray());
                    break;
                case 7:
                    data.InsertRange(at, "<\"(<<(\\"u8.ToArray());
                    break;
                default:
                    var from = random.Next(data.Count);
                    var length = Math.Min(random.Next(1, 200), data.Count - from);
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
            }
        }

        return [.. data];
    }
}
