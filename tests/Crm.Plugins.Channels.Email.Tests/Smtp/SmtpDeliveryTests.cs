using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Smtp;
using Crm.Plugins.Channels.Email.Tests.Conformance;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Smtp;

/// <summary>Sends through a real Exim over STARTTLS with AUTH and checks what it delivered, refused or could not reach.</summary>
public sealed partial class SmtpDeliveryTests(EximFixture exim) : IClassFixture<EximFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private EximServer Server => exim.Server;

    [Fact]
    public async Task Send_MultipartWithNonAsciiHeaders_DeliversHeadersAndBothBodiesIntact()
    {
        var options = SmtpAdapterFixture.Options(Server);
        options.FromName = "Zoë Müller, CRM";
        var logger = new CapturingLogger<EmailChannelAdapter>();
        await using var adapter = new EmailChannelAdapter(options, TimeProvider.System, logger);
        var key = "delivery-" + Guid.NewGuid().ToString("N");
        var subject = "Grüße aus Köln – 你好 ✓ " + new string('x', 60);
        var text = "Hallo Ünal,\n.\n.hidden line that SMTP must dot-stuff\n..two dots\nFrom the CRM\n" + new string('=', 1200) + "\nEnd.";
        var html = "<p>Hallo <b>Ünal</b></p>\n<p>.dot</p>";
        var message = Messages.Outbound(recipient: "alice@example.test", subject: subject, text: text, html: html, key: key, headers: new Dictionary<string, string>
        {
            ["In-Reply-To"] = "<parent-1@customer.example>",
            ["References"] = "<root-0@customer.example> <parent-1@customer.example>",
        });

        var result = await adapter.SendAsync(message, CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.Equal("<" + key + "@example.test>", result.ProviderMessageId);
        var raw = await Server.WaitForDeliveryAsync(result.ProviderMessageId!, Wait);
        Assert.Contains("Message-ID: <" + key + "@example.test>", raw, StringComparison.Ordinal);
        Assert.Contains("Envelope-to: alice@example.test", raw, StringComparison.Ordinal);
        Assert.Contains("Return-path: <crm@example.test>", raw, StringComparison.Ordinal);
        Assert.Contains("MIME-Version: 1.0", raw, StringComparison.Ordinal);
        Assert.Contains("In-Reply-To: <parent-1@customer.example>", raw, StringComparison.Ordinal);
        Assert.Contains("References: <root-0@customer.example> <parent-1@customer.example>", raw, StringComparison.Ordinal);
        Assert.Matches(@"Subject: =\?utf-8\?B\?", raw);
        Assert.Matches(@"Content-Type: multipart/alternative; boundary=""=_crm_[0-9a-f]{24}""", raw);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", raw, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=utf-8", raw, StringComparison.Ordinal);

        // "esmtpsa": Exim received it over ESMTP, with TLS (s), after a login (a).
        Assert.Contains("with esmtpsa", raw, StringComparison.Ordinal);
        Assert.Contains("A=plain:" + EximServer.UserName, Server.MainLog, StringComparison.Ordinal);

        Assert.True(EmailParser.TryParse(System.Text.Encoding.UTF8.GetBytes(raw), out var parsed, out var error), error);
        Assert.Equal(subject, parsed.Subject);
        Assert.Equal("Zoë Müller, CRM", parsed.FromName);
        Assert.Equal("crm@example.test", parsed.FromAddress);
        Assert.Equal("alice@example.test", parsed.To);
        Assert.Equal(text, parsed.TextBody);
        Assert.Equal(html, parsed.HtmlBody);
        Assert.Equal("<parent-1@customer.example>", parsed.InReplyTo);
        Assert.DoesNotContain(EximServer.Password, logger.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithLoginMechanism_AuthenticatesWithLogin()
    {
        await using var adapter = Adapter(smtp => smtp.AuthMechanism = SmtpAuthMechanism.Login);
        var result = await adapter.SendAsync(Messages.Outbound(recipient: "bob@example.test"), CancellationToken.None);
        Assert.True(result.IsDelivered, result.FailureReason);
        await Server.WaitForDeliveryAsync(result.ProviderMessageId!, Wait);
        Assert.Contains("A=login:" + EximServer.UserName, Server.MainLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownLocalUser_IsPermanentWithTheServersCode()
    {
        await using var adapter = Adapter();
        var result = await adapter.SendAsync(Messages.Outbound(recipient: "nobody@example.test"), CancellationToken.None);
        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.Contains("550", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("RCPT TO", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RecipientTheServerDefers_IsTransient()
    {
        await using var adapter = Adapter();
        var result = await adapter.SendAsync(Messages.Outbound(recipient: "tempfail@example.test"), CancellationToken.None);
        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("451", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WrongPassword_IsTransientAndNeverRevealsThePassword()
    {
        const string WrongPassword = "Wr0ng-Secret-Value";
        var logger = new CapturingLogger<EmailChannelAdapter>();
        var options = SmtpAdapterFixture.Options(Server, smtp => smtp.Password = WrongPassword);
        await using var adapter = new EmailChannelAdapter(options, TimeProvider.System, logger);

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("535", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("login", result.FailureReason, StringComparison.Ordinal);
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0" + EximServer.UserName + "\0" + WrongPassword));
        foreach (var secret in new[] { WrongPassword, base64 })
        {
            Assert.DoesNotContain(secret, result.FailureReason, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logger.AllText, StringComparison.Ordinal);
        }

        Assert.Contains(logger.Entries, e => e.Id.Id == 6111);
    }

    [Fact]
    public async Task Send_UntrustedCertificate_IsTransientAndNamesTheSetting()
    {
        var options = SmtpAdapterFixture.Options(Server);
        options.Smtp.AcceptedCertificateThumbprints.Clear();
        await using var adapter = new EmailChannelAdapter(options, TimeProvider.System, new CapturingLogger<EmailChannelAdapter>());
        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);
        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("AcceptedCertificateThumbprints", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerDown_IsTransient()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var options = SmtpAdapterFixture.Options(Server, smtp => smtp.Port = closedPort);
        await using var adapter = new EmailChannelAdapter(options, TimeProvider.System, new CapturingLogger<EmailChannelAdapter>());
        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);
        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("ConnectionRefused", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SeveralInARow_ReuseOnePooledConnection()
    {
        // Tests of a class run one after another, so the connections this test opens are the only new ones.
        var before = Connections();
        var results = new List<DeliveryResult>();
        await using (var adapter = Adapter())
        {
            for (var i = 0; i < 3; i++)
            {
                results.Add(await adapter.SendAsync(Messages.Outbound(text: "pooled " + i), CancellationToken.None));
            }
        }

        Assert.All(results, r => Assert.True(r.IsDelivered, r.FailureReason));
        foreach (var result in results)
        {
            await Server.WaitForDeliveryAsync(result.ProviderMessageId!, Wait);
        }

        Assert.Equal(1, Connections() - before);
    }

    private int Connections() => ConnectionLine().Count(Server.MainLog);

    private EmailChannelAdapter Adapter(Action<SmtpOptions>? configure = null) =>
        new(SmtpAdapterFixture.Options(Server, configure), TimeProvider.System, new CapturingLogger<EmailChannelAdapter>());

    // Logged once per accepted connection (log_selector +smtp_connection), before the client says EHLO.
    [GeneratedRegex(@"SMTP connection from \[127\.0\.0\.1\](:\d+)? \(TCP/IP connection count")]
    private static partial Regex ConnectionLine();
}
