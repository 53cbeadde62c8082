using System.Text;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Plugins.Channels.Email.Smtp;

namespace Crm.Plugins.Channels.Email.Tests.Mime;

public sealed class EncodingTests
{
    [Theory]
    [InlineData("=?utf-8?B?R3LDvMOfZQ==?=", "Grüße")]
    [InlineData("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard")]
    [InlineData("=?utf-8?q?a_b?= =?utf-8?q?_c?=", "a b c")]
    [InlineData("(=?ISO-8859-1?Q?a?= b)", "(a b)")]
    [InlineData("=?UTF-8*en?B?SGk=?=", "Hi")]
    [InlineData("=?windows-1252?Q?=80?=", "€")]
    [InlineData("=?utf-8?B?5L2g?= =?utf-8?B?5aW9?=", "你好")]
    [InlineData("=?utf-8?B?5L0=?= =?utf-8?B?oOWlvQ==?=", "你好")]
    [InlineData("=?utf-8?X?abc?=", "=?utf-8?X?abc?=")]
    [InlineData("=?broken", "=?broken")]
    [InlineData("=?no-such-charset?Q?abc?=", "abc")]
    public void Decode_EncodedWords_FollowsRfc2047(string input, string expected) =>
        Assert.Equal(expected, EncodedWords.Decode(input));

    [Theory]
    [InlineData("hello world")]
    [InlineData("trailing space \nand\ttab\t\nlines")]
    [InlineData("ünïcödé and = signs and 🎉")]
    [InlineData("")]
    public void QuotedPrintable_RoundTrips(string text)
    {
        var encoded = TransferEncodings.EncodeQuotedPrintable(text);

        Assert.All(encoded.Split("\r\n"), line =>
        {
            Assert.True(line.Length <= 76, line);
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), "no trailing whitespace");
        });
        var decoded = Encoding.UTF8.GetString(TransferEncodings.DecodeQuotedPrintable(Encoding.ASCII.GetBytes(encoded)));
        Assert.Equal(text.ReplaceLineEndings("\r\n"), decoded);
    }

    [Fact]
    public void QuotedPrintable_RandomText_RoundTripsWithShortLines()
    {
        var random = new Random(1234);
        for (var i = 0; i < 200; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 400)).Select(_ => random.Next(10) switch
            {
                0 => '\n',
                1 => ' ',
                2 => '=',
                3 => '.',
                4 => (char)random.Next(0x400, 0x500),
                _ => (char)random.Next(33, 127),
            }).ToArray();
            var text = new string(chars);
            var encoded = TransferEncodings.EncodeQuotedPrintable(text);
            Assert.All(encoded.Split("\r\n"), line => Assert.True(line.Length <= 76, line));
            Assert.Equal(text.ReplaceLineEndings("\r\n"), Encoding.UTF8.GetString(TransferEncodings.DecodeQuotedPrintable(Encoding.ASCII.GetBytes(encoded))));
        }
    }

    [Theory]
    [InlineData("SGVsbG8=", "Hello")]
    [InlineData("SGVs\r\nbG8=", "Hello")]
    [InlineData("SGVsbG8", "Hello")]
    [InlineData("S*GV!sbG8=garbage", "Hello")]
    public void Base64_Decode_IsLenient(string input, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(TransferEncodings.DecodeBase64(Encoding.ASCII.GetBytes(input))));

    [Theory]
    [InlineData("", ".\r\n")]
    [InlineData("a\r\n", "a\r\n.\r\n")]
    [InlineData("a", "a\r\n.\r\n")]
    [InlineData(".a\r\n", "..a\r\n.\r\n")]
    [InlineData("x\r\n.\r\n", "x\r\n..\r\n.\r\n")]
    [InlineData("x\r\n..y\r\nz.\r\n", "x\r\n...y\r\nz.\r\n.\r\n")]
    [InlineData("x\n.y\r\n", "x\n.y\r\n.\r\n")]
    public void DotStuffing_DoublesLeadingDotsAndTerminates(string content, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(DotStuffing.Stuff(Encoding.ASCII.GetBytes(content))));

    [Theory]
    [InlineData("alice@example.test", "alice@example.test")]
    [InlineData("  Alice.Smith+tag@Example.TEST ", "Alice.Smith+tag@example.test")]
    [InlineData("user@bücher.example", "user@xn--bcher-kva.example")]
    [InlineData("user@[192.0.2.1]", "user@[192.0.2.1]")]
    [InlineData("user@localhost", "user@localhost")]
    public void Address_Valid_IsNormalized(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var address, out var error), error);
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@example.test")]
    [InlineData("alice at example.test")]
    [InlineData("a..b@example.test")]
    [InlineData(".a@example.test")]
    [InlineData("alice@exa mple.test")]
    [InlineData("alice@-example.test")]
    [InlineData("alice@example..test")]
    [InlineData("jürgen@example.test")]
    [InlineData("alice@example.test>\r\nRCPT TO:<bob@example.test")]
    [InlineData("alice@[not-an-ip]")]
    public void Address_Invalid_IsRefusedWithoutRepeatingIt(string input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        if (input.Length > 0)
        {
            Assert.DoesNotContain(input, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("RecipientTo", 550, Crm.Engine.Channels.DeliveryFailureKind.Permanent)]
    [InlineData("RecipientTo", 553, Crm.Engine.Channels.DeliveryFailureKind.Permanent)]
    [InlineData("MailFrom", 550, Crm.Engine.Channels.DeliveryFailureKind.Permanent)]
    [InlineData("DataEnd", 552, Crm.Engine.Channels.DeliveryFailureKind.Permanent)]
    [InlineData("Data", 554, Crm.Engine.Channels.DeliveryFailureKind.Permanent)]
    [InlineData("RecipientTo", 450, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    [InlineData("DataEnd", 421, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    [InlineData("Connect", 554, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    [InlineData("Authenticate", 535, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    [InlineData("StartTls", 554, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    [InlineData("Hello", 550, Crm.Engine.Channels.DeliveryFailureKind.Transient)]
    public void ReplyCode_MapsByStepAndClass(string phase, int code, Crm.Engine.Channels.DeliveryFailureKind expected) =>
        Assert.Equal(expected, SmtpFailures.Classify(Enum.Parse<SmtpPhase>(phase), code));

    [Fact]
    public void ReplyText_Scrub_RemovesAddressesAndControlsAndCapsLength()
    {
        var scrubbed = ReplyText.Scrub("5.1.1 <alice@example.test>: unknown\u0007 user bob@x.test " + new string('z', 400));

        Assert.DoesNotContain("@", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", scrubbed, StringComparison.Ordinal);
        Assert.StartsWith("5.1.1 <address> unknown", scrubbed, StringComparison.Ordinal);
        Assert.True(scrubbed.Length <= 203);
    }
}
