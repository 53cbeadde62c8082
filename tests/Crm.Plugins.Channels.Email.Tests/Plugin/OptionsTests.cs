using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Email.Tests.Plugin;

public sealed class OptionsTests
{
    private sealed class Builder(IServiceCollection services) : ICrmEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    [Fact]
    public void AddEmailChannel_InvalidOptions_ThrowsNamingEveryOption()
    {
        var builder = new Builder(new ServiceCollection());

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddEmailChannel(o =>
        {
            o.Mode = EmailChannelMode.Smtp;
            o.FromAddress = "not an address";
            o.Smtp.Port = 70000;
            o.Smtp.UserName = "user";
            o.Smtp.Password = "Top-Secret-1";
            o.Smtp.Security = SmtpSecurity.None;
            o.Smtp.AcceptedCertificateThumbprints.Add("abc");
            o.Inbox.Directory = "mail/inbox";
        }));

        Assert.Contains("EmailChannelOptions.FromAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailChannelOptions.Smtp.Host is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailChannelOptions.Smtp.Port is 70000", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailChannelOptions.Smtp.AllowPlaintextAuthentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailChannelOptions.Smtp.AcceptedCertificateThumbprints[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailChannelOptions.Inbox.TenantId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Top-Secret-1", error.Message, StringComparison.Ordinal);
        Assert.Empty(builder.Services);
    }

    [Fact]
    public void AddEmailChannel_UserWithoutPassword_SaysSo()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new Builder(new ServiceCollection()).AddEmailChannel(o =>
        {
            o.Mode = EmailChannelMode.Smtp;
            o.FromAddress = "crm@example.test";
            o.Smtp.Host = "smtp.example.test";
            o.Smtp.UserName = "user";
        }));

        Assert.Contains("EmailChannelOptions.Smtp.Password is not set but EmailChannelOptions.Smtp.UserName is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmailChannel_Valid_RegistersTheAdapterAndThePoller()
    {
        var services = new ServiceCollection();
        var folder = Path.Combine(Path.GetTempPath(), "crm-email-reg-" + Guid.NewGuid().ToString("N")[..8]);
        new Builder(services).AddEmailChannel(o =>
        {
            o.FromAddress = "crm@example.test";
            o.PickupDirectory = folder;
            o.Inbox.Directory = Path.Combine(folder, "{tenant}");
        });

        await using (var provider = services.BuildServiceProvider())
        {
            var adapter = provider.GetRequiredService<IChannelAdapter>();
            Assert.Equal("email", adapter.Channel);
            Assert.True((await adapter.SendAsync(Infrastructure.Messages.Outbound(), CancellationToken.None)).IsDelivered);
            Assert.Equal("email", provider.GetRequiredService<IInboundPoller>().Channel);
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AddEmailChannel_WithoutInbox_RegistersNoPoller()
    {
        var services = new ServiceCollection();
        new Builder(services).AddEmailChannel(o => o.FromAddress = "crm@example.test");

        using var provider = services.BuildServiceProvider();
        Assert.Empty(provider.GetServices<IInboundPoller>());
        Assert.Single(provider.GetServices<IChannelAdapter>());
    }

    [Fact]
    public void PluginSettings_Invalid_NameTheJsonPaths()
    {
        var settings = JsonSerializer.SerializeToElement(new
        {
            mode = "smtp",
            from = "crm@example.test",
            smtp = new { port = 25, security = "sometimes", password = "Top-Secret-2", connectTimeoutSeconds = -1 },
            inbox = new { directory = "in", pollIntervalSeconds = 0.1 },
        });

        var error = Assert.Throws<OptionsValidationException>(() => EmailPlugin.ReadOptions(settings));

        Assert.Contains("$.smtp.security is 'sometimes'; use one of startTls, implicitTls, startTlsWhenAvailable, none", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.smtp.host is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.smtp.userName is not set but $.smtp.password is", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.smtp.connectTimeoutSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.inbox.pollIntervalSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.inbox.tenantId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Top-Secret-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PluginSettings_None_RequireTheSender()
    {
        var error = Assert.Throws<OptionsValidationException>(() => EmailPlugin.ReadOptions(default));

        Assert.Contains("$.from is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PluginSettings_Full_MapToOptions()
    {
        var settings = JsonSerializer.SerializeToElement(new
        {
            mode = "smtp",
            from = "crm@example.test",
            fromName = "ACME",
            replyTo = "support@example.test",
            messageIdDomain = "mail.example.test",
            smtp = new
            {
                host = "smtp.example.test",
                port = 2525,
                security = "implicitTls",
                userName = "u",
                password = "p",
                authMechanism = "login",
                acceptedCertificateThumbprints = new[] { new string('A', 64) },
                connectTimeoutSeconds = 5,
                commandTimeoutSeconds = 7.5,
                maxPooledConnections = 0,
            },
            inbox = new { directory = "in/{tenant}", pollIntervalSeconds = 60, maxMessagesPerPoll = 10 },
        });

        var options = EmailPlugin.ReadOptions(settings);

        Assert.Equal(EmailChannelMode.Smtp, options.Mode);
        Assert.Equal("ACME", options.FromName);
        Assert.Equal(SmtpSecurity.ImplicitTls, options.Smtp.Security);
        Assert.Equal(SmtpAuthMechanism.Login, options.Smtp.AuthMechanism);
        Assert.Equal(2525, options.Smtp.Port);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.Smtp.CommandTimeout);
        Assert.Equal(0, options.Smtp.MaxPooledConnections);
        Assert.Single(options.Smtp.AcceptedCertificateThumbprints);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Inbox.PollInterval);
        Assert.Equal(10, options.Inbox.MaxMessagesPerPoll);
    }

    [Fact]
    public void SmtpPort_Default_DependsOnSecurity()
    {
        Assert.Equal(587, new SmtpOptions().EffectivePort);
        Assert.Equal(465, new SmtpOptions { Security = SmtpSecurity.ImplicitTls }.EffectivePort);
        Assert.Equal(2525, new SmtpOptions { Port = 2525 }.EffectivePort);
    }
}
