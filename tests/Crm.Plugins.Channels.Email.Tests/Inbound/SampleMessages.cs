using System.Text;

namespace Crm.Plugins.Channels.Email.Tests.Inbound;

/// <summary>Inbound messages as mail clients write them.</summary>
public static class SampleMessages
{
    public const string ReplyFromThunderbird = """
        Return-Path: <ana@customer.example>
        Message-ID: <c0ffee-1@customer.example>
        Date: Tue, 3 Mar 2026 09:15:42 +0100
        MIME-Version: 1.0
        From: =?UTF-8?Q?Ana_Mar=C3=ADa_L=C3=B3pez?= <ana@customer.example>
        To: ACME Support <crm@example.test>
        Subject: Re: =?UTF-8?B?WW91ciBvcmRlciDinJM=?=
        In-Reply-To: <order-42@example.test>
        References: <order-40@example.test>
         <order-42@example.test>
        Content-Type: multipart/alternative;
         boundary="------------abc123"

        This is a multi-part message in MIME format.
        --------------abc123
        Content-Type: text/plain; charset=UTF-8; format=flowed
        Content-Transfer-Encoding: quoted-printable

        Gracias, =C2=BFcu=C3=A1ndo llega?

        > old quoted text
        --------------abc123
        Content-Type: text/html; charset=UTF-8
        Content-Transfer-Encoding: 7bit

        <html><body><p>Gracias, ¿cuándo llega?</p></body></html>
        --------------abc123--
        """;

    public const string HtmlOnlyLatin1 = """
        From: "Müller, Jörg" <joerg@kunde.example>
        To: crm@example.test
        Subject: =?iso-8859-1?q?Gr=FC=DFe?=
        Message-ID: <html-only@kunde.example>
        Date: 4 Mar 2026 10:00 GMT
        Content-Type: text/html; charset="iso-8859-1"
        Content-Transfer-Encoding: base64

        PGh0bWw+PGhlYWQ+PHN0eWxlPnB7Y29sb3I6cmVkfTwvc3R5bGU+PC9oZWFkPjxib2R5PjxwPkhhbGxvICZhbXA7IEdy/N/lPC9wPjxicj48dWw+PGxpPkVpbnM8L2xpPjxsaT5ad2VpPC9saT48L3VsPjxzY3JpcHQ+YWxlcnQoMSk8L3NjcmlwdD48L2JvZHk+PC9odG1sPg==
        """;

    public const string NestedWithAttachment = """
        From: bob@customer.example (Bob Builder)
        To: crm@example.test
        Subject: Invoice attached
        Message-ID: <nested-1@customer.example>
        References: <a@x> <b@x> <last@example.test>
        Content-Type: multipart/mixed; boundary=outer

        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: text/plain

        See the invoice.
        --inner
        Content-Type: text/html

        <p>See the invoice.</p>
        --inner--
        --outer
        Content-Type: text/plain; name="invoice.txt"
        Content-Disposition: attachment; filename="invoice.txt"

        ATTACHMENT TEXT MUST NOT BE THE BODY
        --outer--
        """;

    public const string NoMessageId = """
        From: carol@customer.example
        Subject: no id

        Just text.
        """;

    public static byte[] Bytes(string message) => Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n"));
}
