using System.Text;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Smtp;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Security;

/// <summary>
/// The SMTP password never shows up in what a failing send leaves behind: the failure reason (stored in the outbox and
/// its attempts), every log line with its exception text, thrown exceptions, or the options' text.
/// </summary>
public sealed class SecretLeakTests : IAsyncDisposable
{
    private const string UserName = "crm-sender";
    private const string Password = "pw-Q7zX-not-for-logs";

    private readonly ScriptedSmtpServer _server = new();
    private readonly CapturingLogger<EmailChannelAdapter> _logger = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("AUTH", "535 5.7.8 Authentication credentials invalid")]
    [InlineData("AUTH", "454 4.7.0 Temporary authentication failure")]
    [InlineData("MAIL", "530 5.7.0 Authentication required")]
    [InlineData("DATAEND", "554 5.7.1 Message rejected")]
    public async Task A_failing_send_leaves_no_trace_of_the_password(string step, string reply)
    {
        _server.Reply(step, reply);
        var options = Options();
        var texts = new List<string> { options.ToString()!, options.Smtp.ToString()! };

        await using (var adapter = new EmailChannelAdapter(options, TimeProvider.System, _logger))
        {
            try
            {
                var result = await adapter.SendAsync(Messages.Outbound(), CancellationToken.None);
                Assert.False(result.IsDelivered);
                texts.Add(result.FailureReason ?? "");
                texts.Add(result.ToString());
            }
            catch (Exception e)
            {
                texts.Add(e.ToString());
            }
        }

        texts.Add(_logger.AllText);
        Assert.Contains(_server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase)); // the secret was really used
        foreach (var secret in Forms())
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_send_that_times_out_mid_session_leaves_no_trace_of_the_password()
    {
        _server.Reply("DATAEND", ScriptedSmtpServer.Hang);
        var options = Options();
        options.Smtp.CommandTimeout = TimeSpan.FromMilliseconds(300);
        var texts = new List<string>();

        await using (var adapter = new EmailChannelAdapter(options, TimeProvider.System, _logger))
        {
            try
            {
                texts.Add((await adapter.SendAsync(Messages.Outbound(), CancellationToken.None)).FailureReason ?? "");
            }
            catch (Exception e)
            {
                texts.Add(e.ToString());
            }
        }

        texts.Add(_logger.AllText);
        Assert.NotEmpty(string.Concat(texts)); // something was reported
        foreach (var secret in Forms())
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    /// <summary>The password as typed and as AUTH PLAIN / AUTH LOGIN put it on the wire.</summary>
    private static string[] Forms() =>
    [
        Password,
        Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + UserName + "\0" + Password)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)),
    ];

    private EmailChannelOptions Options()
    {
        var options = new EmailChannelOptions { Mode = EmailChannelMode.Smtp, FromAddress = "crm@example.test" };
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = _server.Port;
        options.Smtp.Security = SmtpSecurity.None;
        options.Smtp.AllowPlaintextAuthentication = true;
        options.Smtp.ConnectTimeout = TimeSpan.FromSeconds(20);
        options.Smtp.CommandTimeout = TimeSpan.FromSeconds(20);
        (options.Smtp.UserName, options.Smtp.Password) = (UserName, Password);
        return options;
    }
}
