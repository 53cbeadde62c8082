using System.Globalization;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Plugins;

/// <summary>
/// Checks <see cref="PluginHostOptions"/> when the host starts, listing every invalid option by name.
/// </summary>
internal sealed class PluginHostOptionsValidator : IValidateOptions<PluginHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(options.ReloadDebounce, nameof(options.ReloadDebounce), allowZero: true);
        Positive(options.PollingInterval, nameof(options.PollingInterval));
        Positive(options.CallTimeout, nameof(options.CallTimeout));
        Positive(options.CircuitBreakerSamplingDuration, nameof(options.CircuitBreakerSamplingDuration));
        Positive(options.CircuitBreakerBreakDuration, nameof(options.CircuitBreakerBreakDuration));
        Positive(options.QuarantineDuration, nameof(options.QuarantineDuration));
        Positive(options.StartTimeout, nameof(options.StartTimeout));
        Positive(options.StopTimeout, nameof(options.StopTimeout));
        Positive(options.UpgradeTimeout, nameof(options.UpgradeTimeout));
        Positive(options.HealthCheckTimeout, nameof(options.HealthCheckTimeout));
        Positive(options.DrainTimeout, nameof(options.DrainTimeout));
        Positive(options.UnloadTimeout, nameof(options.UnloadTimeout));
        AtLeast(options.MaxConcurrentCalls, 1, nameof(options.MaxConcurrentCalls));
        AtLeast(options.MaxQueuedCalls, 0, nameof(options.MaxQueuedCalls));
        AtLeast(options.CircuitBreakerMinimumThroughput, 2, nameof(options.CircuitBreakerMinimumThroughput));
        AtLeast(options.QuarantineAfterFailedTrials, 1, nameof(options.QuarantineAfterFailedTrials));
        if (options.CallTimeout > TimeSpan.Zero && (options.CallTimeout < TimeSpan.FromMilliseconds(10) || options.CallTimeout > TimeSpan.FromDays(1)))
        {
            failures.Add($"PluginHostOptions.{nameof(options.CallTimeout)} must be between 10 ms and 1 day; it is '{options.CallTimeout}'.");
        }

        if (options.CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) && options.CircuitBreakerSamplingDuration > TimeSpan.Zero)
        {
            failures.Add($"PluginHostOptions.{nameof(options.CircuitBreakerSamplingDuration)} must be at least 500 ms; it is '{options.CircuitBreakerSamplingDuration}'.");
        }

        if (options.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.CircuitBreakerFailureRatio))
        {
            failures.Add($"PluginHostOptions.{nameof(options.CircuitBreakerFailureRatio)} must be greater than 0 and at most 1; it is '{options.CircuitBreakerFailureRatio.ToString(CultureInfo.InvariantCulture)}'.");
        }

        foreach (var directory in options.Directories)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                failures.Add($"PluginHostOptions.{nameof(options.Directories)} contains an empty path; pass the plugin root folder.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ShadowCopyDirectory))
        {
            var shadow = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.ShadowCopyDirectory)) + Path.DirectorySeparatorChar;
            foreach (var directory in options.Directories.Where(d => !string.IsNullOrWhiteSpace(d)))
            {
                var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
                if (shadow.StartsWith(root, StringComparison.Ordinal))
                {
                    failures.Add($"PluginHostOptions.{nameof(options.ShadowCopyDirectory)} '{options.ShadowCopyDirectory}' is inside the plugin root '{directory}'; the watcher would see every shadow copy. Put it elsewhere.");
                }
            }
        }

        foreach (var capability in options.DeniedCapabilities)
        {
            if (!PluginCapabilities.All.Contains(capability))
            {
                failures.Add($"PluginHostOptions.{nameof(options.DeniedCapabilities)} contains '{capability}', which is not one of {string.Join(", ", PluginCapabilities.All.Select(c => $"'{c}'"))}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string option, bool allowZero = false)
        {
            if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
            {
                failures.Add($"PluginHostOptions.{option} must be {(allowZero ? "zero or positive" : "positive")}; it is '{value}'.");
            }
        }

        void AtLeast(int value, int minimum, string option)
        {
            if (value < minimum)
            {
                failures.Add($"PluginHostOptions.{option} must be at least {minimum}; it is {value}.");
            }
        }
    }
}
