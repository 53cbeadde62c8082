using System.Text;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Smtp;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Smtp;

/// <summary>
/// The SMTP client against a scripted server: reply codes at every step, silence, dropped connections, STARTTLS that is
/// not offered, cancellation, and the exact bytes sent for DATA.
/// </summary>
public sealed class SmtpSessionTests : IAsyncDisposable
{
    private readonly ScriptedSmtpServer _server = new();
    private readonly CapturingLogger<EmailChannelAdapter> _logger = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("GREETING", "421 4.3.2 Service not available", DeliveryFailureKind.Transient)]
    [InlineData("GREETING", "554 5.3.2 No SMTP service here", DeliveryFailureKind.Transient)]
    [InlineData("MAIL", "451 4.3.0 Try again", DeliveryFailureKind.Transient)]
    [InlineData("MAIL", "553 5.1.8 Sender address rejected", DeliveryFailureKind.Permanent)]
    [InlineData("RCPT", "452 4.2.2 Mailbox full", DeliveryFailureKind.Transient)]
    [InlineData("RCPT", "550 5.1.1 User unknown", DeliveryFailureKind.Permanent)]
    [InlineData("RCPT", "553 5.1.3 Bad recipient address syntax", DeliveryFailureKind.Permanent)]
    [InlineData("DATA", "451 4.3.0 Not now", DeliveryFailureKind.Transient)]
    [InlineData("DATAEND", "554 5.7.1 Message rejected as spam", DeliveryFailureKind.Permanent)]
    [InlineData("DATAEND", "452 4.3.1 Insufficient system storage", DeliveryFailureKind.Transient)]
    [InlineData("AUTH", "535 5.7.8 Authentication credentials invalid", DeliveryFailureKind.Transient)]
    public async Task Send_ServerReplies_MapsToFailureKind(string step, string reply, DeliveryFailureKind expected)
    {
        _server.Reply(step, reply);
        await using var adapter = Adapter(smtp => (smtp.UserName, smtp.Password) = ("user", "pw"));

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(expected, result.FailureKind);
        Assert.Contains(reply[..3], result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RefusalNamingTheAddress_KeepsTheAddressOutOfTheReason()
    {
        _server.Reply("RCPT", "550-5.1.1 <alice@example.test>: Recipient address rejected\r\n550 5.1.1 see https://help.example");
        await using var adapter = Adapter();

        var result = await adapter.SendAsync(Messages.Outbound(recipient: "alice@example.test"), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.DoesNotContain("alice@", result.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@", _logger.AllText, StringComparison.Ordinal);
        Assert.Contains("Recipient address rejected", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Accepted_SendsTheDotStuffedContentAndTheEnvelope()
    {
        await using var adapter = Adapter();
        var message = Messages.Outbound(text: ".starts with a dot\n..two\nplain\n.", key: "stuffing-1");

        var result = await adapter.SendAsync(message, CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.Contains("MAIL FROM:<crm@example.test> SIZE=", string.Join("\n", _server.Commands), StringComparison.Ordinal);
        Assert.Contains("RCPT TO:<alice@example.test>", _server.Commands);
        var wire = Encoding.ASCII.GetString(Assert.Single(_server.Payloads));
        Assert.Contains("\r\n..starts with a dot\r\n...two\r\nplain\r\n..\r\n", wire, StringComparison.Ordinal);
        Assert.EndsWith("\r\n.\r\n", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n.\r\n", wire[..^5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerSilentAfterContent_TimesOutAsTransient()
    {
        _server.Reply("DATAEND", ScriptedSmtpServer.Hang);
        await using var adapter = Adapter(smtp => smtp.CommandTimeout = TimeSpan.FromMilliseconds(300));

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("did not answer the message content", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerSilentAtGreeting_TimesOutAsTransient()
    {
        _server.Reply("GREETING", ScriptedSmtpServer.Hang);
        await using var adapter = Adapter(smtp => smtp.ConnectTimeout = TimeSpan.FromMilliseconds(300));

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("within", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_StartTlsRequiredButNotOffered_IsTransientAndSendsNothing()
    {
        await using var adapter = Adapter(smtp => smtp.Security = SmtpSecurity.StartTls);

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("STARTTLS", result.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_OpportunisticTlsNotOfferedWithCredentials_NeverSendsThePassword()
    {
        await using var adapter = Adapter(smtp =>
        {
            smtp.Security = SmtpSecurity.StartTlsWhenAvailable;
            smtp.AllowPlaintextAuthentication = false;
            (smtp.UserName, smtp.Password) = ("user", "very-secret");
        });

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.Equal(DeliveryFailureKind.Transient, result.FailureKind);
        Assert.Contains("not encrypted", result.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_PlaintextAuthAllowed_LogsInWithPlainThenLogin()
    {
        await using (var plain = Adapter(smtp => (smtp.UserName, smtp.Password, smtp.AllowPlaintextAuthentication) = ("user", "pw", true)))
        {
            Assert.True((await plain.SendAsync(Messages.Outbound(), CancellationToken.None)).IsDelivered);
        }

        Assert.Contains("AUTH PLAIN " + Convert.ToBase64String("\0user\0pw"u8.ToArray()), _server.Commands);
        await using (var login = Adapter(smtp => (smtp.UserName, smtp.Password, smtp.AllowPlaintextAuthentication, smtp.AuthMechanism) = ("user", "pw", true, SmtpAuthMechanism.Login)))
        {
            Assert.True((await login.SendAsync(Messages.Outbound(), CancellationToken.None)).IsDelivered);
        }

        var commands = _server.Commands.ToList();
        var at = commands.IndexOf("AUTH LOGIN");
        Assert.True(at >= 0);
        Assert.Equal(Convert.ToBase64String("user"u8.ToArray()), commands[at + 1]);
        Assert.Equal(Convert.ToBase64String("pw"u8.ToArray()), commands[at + 2]);
    }

    [Fact]
    public async Task Send_EhloNotUnderstood_FallsBackToHelo()
    {
        _server.Reply("EHLO", "502 5.5.1 Unrecognized command");
        await using var adapter = Adapter();

        var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.Contains(_server.Commands, c => c.StartsWith("HELO ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_PooledConnectionDroppedByServer_ReconnectsAndDelivers()
    {
        _server.CloseAfterMessage = true;
        await using var adapter = Adapter();

        var first = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);
        var second = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);

        Assert.True(first.IsDelivered, first.FailureReason);
        Assert.True(second.IsDelivered, second.FailureReason);
        Assert.Equal(2, _server.Payloads.Count);
        Assert.Equal(2, _server.Connections);
    }

    [Fact]
    public async Task Send_PooledConnection_IsResetAndReused()
    {
        await using var adapter = Adapter();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await adapter.SendAsync(Messages.Outbound(), CancellationToken.None)).IsDelivered);
        }

        Assert.Equal(1, _server.Connections);
        Assert.Equal(2, _server.Commands.Count(c => c == "RSET"));
    }

    [Fact]
    public async Task Send_NoPool_OpensAConnectionPerMessageAndQuits()
    {
        await using var adapter = Adapter(smtp => smtp.MaxPooledConnections = 0);

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await adapter.SendAsync(Messages.Outbound(), CancellationToken.None)).IsDelivered);
        }

        Assert.Equal(2, _server.Connections);
        Assert.Equal(2, _server.Commands.Count(c => c == "QUIT"));
    }

    [Fact]
    public async Task Send_CancelledWhileWaitingForTheServer_ThrowsOperationCanceled()
    {
        _server.Reply("DATAEND", ScriptedSmtpServer.Hang);
        _server.SignalOn = "DATAEND";
        await using var adapter = Adapter();
        using var cancel = new CancellationTokenSource();

        var send = adapter.SendAsync(Messages.Outbound(), cancel.Token).AsTask();
        await _server.CommandSeen.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    private EmailChannelAdapter Adapter(Action<SmtpOptions>? configure = null)
    {
        var options = new EmailChannelOptions { Mode = EmailChannelMode.Smtp, FromAddress = "crm@example.test" };
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = _server.Port;
        options.Smtp.Security = SmtpSecurity.None;
        options.Smtp.AllowPlaintextAuthentication = true;
        options.Smtp.ConnectTimeout = TimeSpan.FromSeconds(20);
        options.Smtp.CommandTimeout = TimeSpan.FromSeconds(20);
        configure?.Invoke(options.Smtp);
        return new EmailChannelAdapter(options, TimeProvider.System, _logger);
    }
}
