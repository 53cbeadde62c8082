using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Crm.Engine.Events;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Crm.Engine.Plugins;

/// <summary>
/// Everything the host keeps about one plugin id across its versions: the active generation calls are routed to,
/// lifecycle state, health, statistics, the last error, the stable service handles and the event subscriptions.
/// </summary>
internal sealed class PluginSlot
{
    private readonly PluginHostRuntime _runtime;
    private readonly ConcurrentDictionary<Type, IPluginServiceHandle> _handles = new();
    private readonly Dictionary<Type, IDisposable> _subscriptions = [];
    private readonly LatencyRecorder _latency = new();
    private PluginGeneration? _active;
    private ResiliencePipeline? _sparePipeline;
    private int _nextHandleIndex = -1;
    private int _health;
    private long _calls;
    private long _failures;
    private long _timeouts;
    private long _rejections;
    private int _leakedContexts;

    public PluginSlot(string id, PluginSource source, string location, PluginHostRuntime runtime)
    {
        Id = id;
        Source = source;
        Location = location;
        _runtime = runtime;
    }

    public string Id { get; }

    public PluginSource Source { get; }

    /// <summary>Gets the plugin folder, or the assembly of a code plugin.</summary>
    public string Location { get; }

    public PluginGeneration? Active => Volatile.Read(ref _active);

    public PluginState State { get; set; } = PluginState.Loading;

    public PluginHealth Health => (PluginHealth)Volatile.Read(ref _health);

    /// <summary>Gets the last manifest read for this plugin, valid or rejected later, for the catalog.</summary>
    public PluginManifest? LastManifest { get; set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public int Activations { get; private set; }

    /// <summary>Gets the ids this plugin's last failed load was waiting for, so it is retried when one of them loads.</summary>
    public IReadOnlyCollection<string> MissingDependencies { get; set; } = [];

    /// <summary>
    /// Gets a new guard pipeline for a version of this plugin: the spare one built ahead of time if there is one,
    /// otherwise a new one. Every version gets its own, so a new version starts with a closed circuit.
    /// </summary>
    public ResiliencePipeline TakePipeline() =>
        Interlocked.Exchange(ref _sparePipeline, null) ?? PluginPipelineFactory.Create(this, _runtime.Options, _runtime.TimeProvider);

    /// <summary>
    /// Builds the guard pipeline of this plugin's next version now, off the path of that version's activation. Called
    /// in the background after a reload: a plugin that was reloaded once is likely to be reloaded again.
    /// </summary>
    public void StockSparePipeline()
    {
        if (Volatile.Read(ref _sparePipeline) is null)
        {
            Interlocked.CompareExchange(ref _sparePipeline, PluginPipelineFactory.Create(this, _runtime.Options, _runtime.TimeProvider), null);
        }
    }

    /// <summary>Counts a call into the active generation, or fails when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnter([NotNullWhen(true)] out PluginGeneration? generation)
    {
        while (true)
        {
            generation = Volatile.Read(ref _active);
            if (generation is null)
            {
                return false;
            }

            generation.Enter();

            // Interlocked.Increment above is a full fence, so this read cannot move before it: either the swap is
            // visible here (back out and use the new generation) or the drain sees this call in flight.
            if (ReferenceEquals(Volatile.Read(ref _active), generation))
            {
                return true;
            }

            generation.Exit();
        }
    }

    /// <summary>Makes a generation the one new calls go to, and returns the one it replaces.</summary>
    public PluginGeneration? Swap(PluginGeneration? next)
    {
        var previous = Interlocked.Exchange(ref _active, next);
        if (next is not null)
        {
            next.ActivatedAt = _runtime.TimeProvider.GetUtcNow();
            Activations++;
            State = PluginState.Active;
            LastManifest = next.Manifest;
            Volatile.Write(ref _health, (int)PluginHealth.Healthy);
        }

        return previous;
    }

    public PluginService<TService> GetHandle<TService>()
        where TService : class =>
        (PluginService<TService>)_handles.GetOrAdd(
            typeof(TService),
            static (_, slot) => new PluginService<TService>(slot, Interlocked.Increment(ref slot._nextHandleIndex)),
            this);

    /// <summary>Resolves every service callers already hold handles for, so a new version's first calls are not slower.</summary>
    public void WarmHandles(PluginGeneration generation)
    {
        foreach (var handle in _handles.Values)
        {
            handle.Warm(generation);
        }
    }

    /// <summary>Makes the event bus subscriptions match the event types the active generation handles.</summary>
    public void SyncSubscriptions(ICrmEventBus? bus, IReadOnlyCollection<Type> eventTypes)
    {
        lock (_subscriptions)
        {
            foreach (var stale in _subscriptions.Keys.Except(eventTypes).ToList())
            {
                _subscriptions[stale].Dispose();
                _subscriptions.Remove(stale);
            }

            if (bus is null)
            {
                return;
            }

            foreach (var eventType in eventTypes.Except(_subscriptions.Keys).ToList())
            {
                _subscriptions[eventType] = PluginEventSubscription.Subscribe(bus, eventType, this);
            }
        }
    }

    /// <summary>Delivers an event to the active generation's handlers through the guard.</summary>
    public async Task DispatchEventAsync(Type eventType, CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        if (!TryEnter(out var generation))
        {
            return;
        }

        await InvokeAsync(
            generation,
            generation.EventHandlers,
            (Type: eventType, Event: crmEvent),
            static (handlers, s, token) => handlers.DispatchAsync(s.Type, s.Event, token),
            "ICrmEventHandler<" + eventType.Name + ">",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one call through the generation's guard. The caller has entered the generation; this leaves it.
    /// </summary>
    /// <remarks>
    /// The success path allocates nothing: the resilience context is pooled, the state travels in a value tuple, the
    /// lambda is static, and the pooling builder reuses the state machine when the plugin completes asynchronously.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> InvokeAsync<TTarget, TState, TResult>(
        PluginGeneration generation,
        TTarget target,
        TState state,
        Func<TTarget, TState, CancellationToken, ValueTask<TResult>> call,
        string serviceType,
        CancellationToken cancellationToken)
    {
        using var activity = PluginTelemetry.Source.HasListeners() ? StartActivity(generation, serviceType) : null;
        var started = Stopwatch.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<TResult> outcome;
        try
        {
            outcome = await generation.Pipeline.ExecuteOutcomeAsync(
                static (ctx, s) => CallPlugin(s.Call, s.Target, s.State, ctx.CancellationToken),
                context,
                (Call: call, Target: target, State: state)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            generation.Exit();
        }

        var elapsed = Stopwatch.GetTimestamp() - started;
        if (outcome.Exception is null)
        {
            RecordSuccess(elapsed);
            return outcome.Result!;
        }

        activity?.SetStatus(ActivityStatusCode.Error, outcome.Exception.GetType().Name);
        throw RecordFailure(outcome.Exception, serviceType, elapsed, cancellationToken);
    }

    public CrmPluginCallException Unavailable(string serviceType, string reason) =>
        new(Id, serviceType, PluginCallFailure.Unavailable,
            $"Plugin '{Id}' cannot serve {serviceType}: {reason}. Check the plugin catalog for its state and last error.");

    public void RecordError(string message)
    {
        LastError = message;
        LastErrorAt = _runtime.TimeProvider.GetUtcNow();
    }

    public void ClearError()
    {
        LastError = null;
        LastErrorAt = null;
    }

    public void RecordLeak() => Interlocked.Increment(ref _leakedContexts);

    public void OnCircuitOpened(TimeSpan breakDuration, bool quarantined)
    {
        Volatile.Write(ref _health, (int)(quarantined ? PluginHealth.Quarantined : PluginHealth.Unhealthy));
        if (quarantined)
        {
            PluginLog.Quarantined(_runtime.Logger, Id, breakDuration);
        }
        else
        {
            PluginLog.CircuitOpened(_runtime.Logger, Id, breakDuration);
        }
    }

    public void OnCircuitHalfOpened() => Volatile.Write(ref _health, (int)PluginHealth.Degraded);

    public void OnCircuitClosed()
    {
        Volatile.Write(ref _health, (int)PluginHealth.Healthy);
        PluginLog.CircuitClosed(_runtime.Logger, Id);
    }

    public PluginInfo ToInfo()
    {
        var active = Active;
        return new PluginInfo
        {
            Id = Id,
            Version = active?.Version ?? LastManifest?.Version.Text,
            Source = Source,
            Location = Location,
            State = State,
            Health = active is null ? PluginHealth.Unhealthy : Health,
            Statistics = new PluginStatistics(
                Interlocked.Read(ref _calls),
                Interlocked.Read(ref _failures),
                Interlocked.Read(ref _timeouts),
                Interlocked.Read(ref _rejections),
                _latency.Percentile(0.95)),
            LastError = LastError,
            LastErrorAt = LastErrorAt,
            ActivatedAt = active?.ActivatedAt,
            Activations = Activations,
            LeakedContexts = Volatile.Read(ref _leakedContexts),
            Assemblies = active?.Assemblies ?? [],
        };
    }

    private static ValueTask<Outcome<TResult>> CallPlugin<TTarget, TState, TResult>(
        Func<TTarget, TState, CancellationToken, ValueTask<TResult>> call,
        TTarget target,
        TState state,
        CancellationToken cancellationToken)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = call(target, state, cancellationToken);
        }
        catch (Exception exception)
        {
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(exception));
        }

        return pending.IsCompletedSuccessfully
            ? new ValueTask<Outcome<TResult>>(Outcome.FromResult(pending.Result))
            : AwaitPluginAsync(pending, cancellationToken);
    }

    private static async ValueTask<Outcome<TResult>> AwaitPluginAsync<TResult>(ValueTask<TResult> pending, CancellationToken cancellationToken)
    {
        try
        {
            // A plugin that ignores its token would hold the caller (and the drain) forever: stop waiting when the
            // timeout fires and leave the abandoned call to finish on its own.
            var result = cancellationToken.CanBeCanceled
                ? await pending.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false)
                : await pending.ConfigureAwait(false);
            return Outcome.FromResult(result);
        }
        catch (Exception exception)
        {
            return Outcome.FromException<TResult>(exception);
        }
    }

    private Activity? StartActivity(PluginGeneration generation, string serviceType)
    {
        var activity = PluginTelemetry.Source.StartActivity("crm.plugin.invoke", ActivityKind.Internal);
        activity?.SetTag(PluginTelemetry.PluginIdTag, Id);
        activity?.SetTag(PluginTelemetry.VersionTag, generation.Version);
        activity?.SetTag("crm.plugin.service", serviceType);
        return activity;
    }

    private void RecordSuccess(long elapsed)
    {
        Interlocked.Increment(ref _calls);
        _latency.Record(elapsed);
        if (PluginTelemetry.Invocations.Enabled)
        {
            PluginTelemetry.Count(PluginTelemetry.Invocations, Id, "success");
        }

        if (PluginTelemetry.InvocationDuration.Enabled)
        {
            PluginTelemetry.InvocationDuration.Record(
                elapsed / (double)Stopwatch.Frequency,
                new KeyValuePair<string, object?>(PluginTelemetry.PluginIdTag, Id));
        }
    }

    private CrmPluginCallException RecordFailure(Exception exception, string serviceType, long elapsed, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _latency.Record(elapsed);
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: not the plugin's fault, and never swallowed. A fresh exception, because one thrown
            // inside the plugin carries its stack frames, which would pin an unloaded version while the caller holds it.
            PluginTelemetry.Count(PluginTelemetry.Invocations, Id, "cancelled");
            throw new OperationCanceledException($"The call to {serviceType} of plugin '{Id}' was cancelled by the caller.", null, cancellationToken);
        }

        Interlocked.Increment(ref _failures);
        var (failure, message) = exception switch
        {
            TimeoutRejectedException => (PluginCallFailure.TimedOut,
                $"Plugin '{Id}' did not answer {serviceType} within {_runtime.Options.CallTimeout} (PluginHostOptions.CallTimeout)."),
            BrokenCircuitException => (PluginCallFailure.CircuitOpen,
                $"Plugin '{Id}' is {(Health == PluginHealth.Quarantined ? "quarantined" : "unhealthy")} after repeated failures; the call to {serviceType} was not attempted. It is retried after the break; deploy a fixed version to recover sooner."),
            ConcurrencyLimitExceededException => (PluginCallFailure.Rejected,
                $"Plugin '{Id}' already runs {_runtime.Options.MaxConcurrentCalls} calls with {_runtime.Options.MaxQueuedCalls} waiting; the call to {serviceType} was rejected. Raise PluginHostOptions.MaxConcurrentCalls or slow down callers."),
            _ => (PluginCallFailure.Faulted,
                $"Plugin '{Id}' threw {exception.GetType().Name} from {serviceType}: {exception.Message}"),
        };
        if (failure == PluginCallFailure.TimedOut)
        {
            Interlocked.Increment(ref _timeouts);
        }
        else if (failure is PluginCallFailure.CircuitOpen or PluginCallFailure.Rejected)
        {
            Interlocked.Increment(ref _rejections);
        }

        RecordError(message);
        PluginTelemetry.Count(PluginTelemetry.Invocations, Id, failure.ToString());
        PluginLog.CallFailed(_runtime.Logger, failure == PluginCallFailure.Faulted ? exception : null, Id, serviceType, failure);
        return new CrmPluginCallException(Id, serviceType, failure, message, failure == PluginCallFailure.Faulted ? exception : null);
    }
}
