using System.Collections.Concurrent;
using Crm.Engine.Channels;

namespace Crm.Plugins.Storage.Postgres.Tests.MultiInstance;

/// <summary>
/// The one email provider every engine instance sends to. Like a provider that deduplicates, it accepts each
/// idempotency key once and counts the resends it suppressed; it also records which instance made every call, and when.
/// </summary>
internal sealed class DeliveryRecorder(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Instance, DateTimeOffset At)> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, string Instance, DateTimeOffset At)> _log = new();
    private int _suppressed;

    /// <summary>Gets how many calls were made per key (tenant and idempotency key).</summary>
    public IReadOnlyDictionary<string, int> CallsPerKey => _calls;

    /// <summary>Gets the instance that delivered each key, and when.</summary>
    public IReadOnlyDictionary<string, (string Instance, DateTimeOffset At)> Accepted => _accepted;

    /// <summary>Gets every call in order.</summary>
    public IReadOnlyCollection<(string Key, string Instance, DateTimeOffset At)> Log => _log;

    /// <summary>Gets how many calls repeated a key already accepted (and were dropped, as a deduplicating provider does).</summary>
    public int Suppressed => Volatile.Read(ref _suppressed);

    public static string KeyOf(OutboundMessage message) => message.TenantId + "/" + message.IdempotencyKey;

    public DeliveryResult Send(OutboundMessage message, string instance)
    {
        var key = KeyOf(message);
        var at = time.GetUtcNow();
        _calls.AddOrUpdate(key, 1, static (_, n) => n + 1);
        _log.Enqueue((key, instance, at));
        if (!_accepted.TryAdd(key, (instance, at)))
        {
            Interlocked.Increment(ref _suppressed);
        }

        return DeliveryResult.Delivered("provider-" + key);
    }
}

/// <summary>One instance's email adapter: passes every send to the shared provider, tagged with the instance.</summary>
internal sealed class InstanceAdapter(DeliveryRecorder recorder, string instance) : IChannelAdapter
{
    public string Channel => "email";

    public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(recorder.Send(message, instance));
    }
}

/// <summary>
/// The adapter of an instance about to die: every send hangs until the instance stops (as a process that dies mid-send
/// never reports back). Every other send reaches the provider first, as when the provider accepted the message but the
/// process died before recording it; the rest die before the provider saw them.
/// </summary>
internal sealed class DyingAdapter(DeliveryRecorder recorder, string instance, int inFlightToSignal) : IChannelAdapter
{
    private readonly TaskCompletionSource _inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _reachedProvider = new();
    private int _calls;

    public string Channel => "email";

    /// <summary>Completes when <c>inFlightToSignal</c> sends hang at once.</summary>
    public Task InFlight => _inFlight.Task;

    /// <summary>Gets the keys this instance delivered to the provider before it died.</summary>
    public IReadOnlyCollection<string> ReachedProvider => _reachedProvider;

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call % 2 == 1)
        {
            recorder.Send(message, instance);
            _reachedProvider.Enqueue(DeliveryRecorder.KeyOf(message));
        }

        if (call == inFlightToSignal)
        {
            _inFlight.TrySetResult();
        }

        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("Unreachable: the delay above only ends by cancellation.");
    }
}
