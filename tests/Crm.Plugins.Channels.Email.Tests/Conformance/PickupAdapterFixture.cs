using Crm.Engine.Channels;
using Crm.Engine.Testing.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Plugins.Channels.Email.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Email.Tests.Conformance;

/// <summary>The adapter in pickup mode; the sink is the folder, read back with the plugin's parser.</summary>
public sealed class PickupAdapterFixture : IChannelAdapterFixture, IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly EmailChannelAdapter _adapter;

    public PickupAdapterFixture()
    {
        var options = new EmailChannelOptions { FromAddress = "crm@example.test", PickupDirectory = _folder.Combine("pickup") };
        _adapter = new EmailChannelAdapter(options, TimeProvider.System, NullLogger<EmailChannelAdapter>.Instance);
    }

    public IChannelAdapter Adapter => _adapter;

    public string ValidRecipient => "alice@example.test";

    public string InvalidRecipient => "alice at example";

    public async Task<IReadOnlyList<ReceivedAtSink>> ReceivedAsync(string idempotencyKey, int atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var messageId = MessageIds.FromIdempotencyKey(idempotencyKey, "example.test");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = new List<ReceivedAtSink>();
            var folder = _folder.Combine("pickup");
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                Assert.True(EmailParser.TryParse(await File.ReadAllBytesAsync(file, cancellationToken), out var email, out var error), error);
                if (email.MessageId == messageId)
                {
                    found.Add(new ReceivedAtSink(email.To ?? "", email.Subject, email.TextBody ?? ""));
                }
            }

            if (found.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose()
    {
        _adapter.Dispose();
        _folder.Dispose();
    }
}
