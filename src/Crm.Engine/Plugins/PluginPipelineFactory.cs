using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Crm.Engine.Plugins;

/// <summary>
/// Builds the guard every call into one plugin version runs through, once per version: concurrency limit (outermost,
/// so refused calls never count as plugin failures), circuit breaker with quarantine, and a cancellation-based timeout.
/// </summary>
internal static class PluginPipelineFactory
{
    public static ResiliencePipeline Create(PluginSlot slot, PluginHostOptions options, TimeProvider timeProvider)
    {
        var breakDuration = options.CircuitBreakerBreakDuration;
        var quarantineDuration = options.QuarantineDuration;
        var quarantineAfter = options.QuarantineAfterFailedTrials;
        return new ResiliencePipelineBuilder
        {
            Name = "crm-plugin",
            InstanceName = slot.Id,
            TimeProvider = timeProvider,
        }
            .AddStrategy(_ => new ConcurrencyLimitStrategy(options.MaxConcurrentCalls, options.MaxQueuedCalls), new ConcurrencyLimitStrategyOptions())
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                // Each failed trial call after a break counts; enough of them in a row quarantine the plugin.
                BreakDurationGenerator = args => new ValueTask<TimeSpan>(
                    args.HalfOpenAttempts >= quarantineAfter ? quarantineDuration : breakDuration),
                ShouldHandle = static args => new ValueTask<bool>(IsPluginFault(args.Outcome.Exception, args.Context)),
                OnOpened = args =>
                {
                    slot.OnCircuitOpened(args.BreakDuration, quarantined: args.BreakDuration == quarantineDuration && quarantineDuration != breakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    slot.OnCircuitHalfOpened();
                    return default;
                },
                OnClosed = _ =>
                {
                    slot.OnCircuitClosed();
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.CallTimeout })
            .Build();
    }

    /// <summary>Tells plugin faults (throws, timeouts) apart from a caller giving up, which is not the plugin's fault.</summary>
    public static bool IsPluginFault(Exception? exception, ResilienceContext context) =>
        exception is not null &&
        !(exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested) &&
        exception is not BrokenCircuitException and not ConcurrencyLimitExceededException;
}
