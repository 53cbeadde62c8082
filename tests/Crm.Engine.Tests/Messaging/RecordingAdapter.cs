using System.Collections.Concurrent;
using Crm.Engine.Channels;

namespace Crm.Engine.Tests.Messaging;

/// <summary>
/// A channel adapter that records what it was asked to send and answers with scripted results (delivered by default).
/// Like a provider that deduplicates, it accepts each idempotency key once and counts the duplicates it suppressed.
/// </summary>
internal sealed class RecordingAdapter(string channel = InteractionChannels.Email) : IChannelAdapter
{
    private readonly ConcurrentQueue<Func<OutboundMessage, DeliveryResult>> _script = new();
    private readonly ConcurrentDictionary<string, OutboundMessage> _accepted = new(StringComparer.Ordinal);

    public string Channel { get; } = channel;

    public ConcurrentQueue<OutboundMessage> Calls { get; } = new();

    public int Duplicates;

    public IReadOnlyCollection<OutboundMessage> Accepted => _accepted.Values.ToList();

    /// <summary>Makes the next sends answer with these results, in order.</summary>
    public void Then(params Func<OutboundMessage, DeliveryResult>[] results)
    {
        foreach (var result in results)
        {
            _script.Enqueue(result);
        }
    }

    public static DeliveryResult Transient(OutboundMessage _) => DeliveryResult.Failed(DeliveryFailureKind.Transient, "provider busy");

    public static DeliveryResult Permanent(OutboundMessage _) => DeliveryResult.Failed(DeliveryFailureKind.Permanent, "550 no such mailbox");

    public static DeliveryResult Throw(OutboundMessage _) => throw new InvalidOperationException("adapter bug");

    public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls.Enqueue(message);
        if (_script.TryDequeue(out var scripted))
        {
            var result = scripted(message);
            if (!result.IsDelivered)
            {
                return ValueTask.FromResult(result);
            }
        }

        if (!_accepted.TryAdd(message.IdempotencyKey, message))
        {
            Interlocked.Increment(ref Duplicates);
        }

        return ValueTask.FromResult(DeliveryResult.Delivered("provider-" + message.IdempotencyKey));
    }
}
