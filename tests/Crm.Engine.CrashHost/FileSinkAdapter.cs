using Crm.Engine;
using Crm.Engine.Channels;

namespace Crm.Engine.CrashHost;

/// <summary>
/// Plays the provider: every message it accepts is appended to the sink file as one line with its idempotency key.
/// Like a provider that deduplicates, it remembers the keys already in the file (also those written by a process
/// killed earlier) and accepts each key once; a repeated key is counted in a second file, never written twice.
/// </summary>
internal sealed class FileSinkAdapter : IChannelAdapter, IDisposable
{
    private readonly HashSet<string> _seen;
    private readonly StreamWriter _sink;
    private readonly StreamWriter _suppressed;
    private readonly Lock _lock = new();

    public FileSinkAdapter(string sinkPath)
    {
        _seen = File.Exists(sinkPath) ? new HashSet<string>(File.ReadAllLines(sinkPath).Where(l => l.Length > 0), StringComparer.Ordinal) : new(StringComparer.Ordinal);
        _sink = new StreamWriter(new FileStream(sinkPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _suppressed = new StreamWriter(new FileStream(sinkPath + ".suppressed", FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Channel => InteractionChannels.Email;

    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        // A send takes a moment on either side of the provider accepting it, as over a network, so a kill lands while
        // sends are in flight: some before the provider has the message, some after it has but before we know.
        await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_seen.Add(message.IdempotencyKey))
            {
                _sink.WriteLine(message.IdempotencyKey);
            }
            else
            {
                _suppressed.WriteLine(message.IdempotencyKey);
            }
        }

        await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        return DeliveryResult.Delivered("sink-" + message.IdempotencyKey);
    }

    public void Dispose()
    {
        _sink.Dispose();
        _suppressed.Dispose();
    }
}
