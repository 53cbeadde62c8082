using System.Collections.Concurrent;
using Crm.Engine.Channels;
using Crm.Engine.Testing.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Plugins.Channels.Email.Smtp;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Email.Tests.Conformance;

/// <summary>
/// The adapter in SMTP mode against a real Exim started for the class: STARTTLS with a pinned self-signed certificate,
/// AUTH, delivery into a maildir the sink reads. The invalid recipient is a local user Exim refuses with 550.
/// </summary>
public sealed class SmtpAdapterFixture : IChannelAdapterFixture, IAsyncLifetime, IDisposable
{
    private readonly ConcurrentDictionary<string, ParsedEmail> _parsed = new(StringComparer.Ordinal);
    private EmailChannelAdapter? _adapter;

    public EximServer Server { get; private set; } = null!;

    public IChannelAdapter Adapter => _adapter ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string ValidRecipient => "alice@" + EximServer.Domain;

    public string InvalidRecipient => "nobody@" + EximServer.Domain;

    public static EmailChannelOptions Options(EximServer server, Action<SmtpOptions>? configure = null)
    {
        var options = new EmailChannelOptions
        {
            Mode = EmailChannelMode.Smtp,
            FromAddress = "crm@" + EximServer.Domain,
            FromName = "CRM Tests",
        };
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = server.Port;
        options.Smtp.UserName = EximServer.UserName;
        options.Smtp.Password = EximServer.Password;
        options.Smtp.AcceptedCertificateThumbprints.Add(server.CertificateThumbprint);
        options.Smtp.ClientName = "client.example.test";
        options.Smtp.ConnectTimeout = TimeSpan.FromSeconds(20);
        options.Smtp.CommandTimeout = TimeSpan.FromSeconds(20);
        configure?.Invoke(options.Smtp);
        return options;
    }

    public async Task InitializeAsync()
    {
        Server = await EximServer.StartAsync();
        _adapter = new EmailChannelAdapter(Options(Server), TimeProvider.System, NullLogger<EmailChannelAdapter>.Instance);
    }

    public void Dispose() => _adapter?.Dispose();

    public async Task DisposeAsync()
    {
        if (_adapter is not null)
        {
            await _adapter.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    public async Task<IReadOnlyList<ReceivedAtSink>> ReceivedAsync(string idempotencyKey, int atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var messageId = MessageIds.FromIdempotencyKey(idempotencyKey, EximServer.Domain);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Delivered().Where(m => m.Email.MessageId == messageId)
                .Select(m => new ReceivedAtSink(m.Recipient, m.Email.Subject, m.Email.TextBody ?? ""))
                .ToList();
            if (found.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private IEnumerable<(string Recipient, ParsedEmail Email)> Delivered()
    {
        foreach (var file in Server.DeliveredFiles())
        {
            if (!_parsed.TryGetValue(file, out var email))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(EmailParser.TryParse(bytes, out email, out var error), error);
                _parsed[file] = email;
            }

            // Exim's Envelope-to header names the recipient the server delivered to.
            var text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file));
            var envelope = text.Split("\n").FirstOrDefault(l => l.StartsWith("Envelope-to:", StringComparison.Ordinal))?["Envelope-to:".Length..].Trim() ?? "";
            yield return (envelope, email);
        }
    }
}
