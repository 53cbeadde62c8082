using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>Validates <see cref="MessagingOptions"/>, naming the option in every failure.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.MaxAttempts), options.MaxAttempts);
        Positive(failures, nameof(options.JobMaxAttempts), options.JobMaxAttempts);
        Positive(failures, nameof(options.MaxConcurrentSends), options.MaxConcurrentSends);
        if (options.BatchSize is < 1 or > 1_000)
        {
            failures.Add($"MessagingOptions.{nameof(options.BatchSize)} must be between 1 and 1000 (was {options.BatchSize}).");
        }

        foreach (var (option, value) in new[]
        {
            (nameof(options.RetryBaseDelay), options.RetryBaseDelay), (nameof(options.RetryMaxDelay), options.RetryMaxDelay),
            (nameof(options.LeaseDuration), options.LeaseDuration), (nameof(options.SendTimeout), options.SendTimeout),
            (nameof(options.PollInterval), options.PollInterval), (nameof(options.JobLeaseDuration), options.JobLeaseDuration),
            (nameof(options.JobTimeout), options.JobTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"MessagingOptions.{option} must be positive (was {value}).");
            }
        }

        if (options.LeaseDuration <= options.SendTimeout)
        {
            failures.Add($"MessagingOptions.{nameof(options.LeaseDuration)} ({options.LeaseDuration}) must exceed {nameof(options.SendTimeout)} ({options.SendTimeout}); otherwise another instance may send a message while this one is still sending it.");
        }

        if (options.JobLeaseDuration <= options.JobTimeout)
        {
            failures.Add($"MessagingOptions.{nameof(options.JobLeaseDuration)} ({options.JobLeaseDuration}) must exceed {nameof(options.JobTimeout)} ({options.JobTimeout}); otherwise a job still running may be claimed and run again by another instance.");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceId))
        {
            failures.Add($"MessagingOptions.{nameof(options.InstanceId)} must not be empty.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.FollowUps.Count; i++)
        {
            var rule = options.FollowUps[i];
            if (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name))
            {
                failures.Add($"MessagingOptions.FollowUps[{i}].Name must be set and unique.");
            }

            if (rule.After <= TimeSpan.Zero)
            {
                failures.Add($"MessagingOptions.FollowUps[{i}].After must be positive (was {rule.After}).");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static void Positive(List<string> failures, string option, int value)
    {
        if (value < 1)
        {
            failures.Add($"MessagingOptions.{option} must be at least 1 (was {value}).");
        }
    }
}
