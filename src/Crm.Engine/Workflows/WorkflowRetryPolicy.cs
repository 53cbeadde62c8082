namespace Crm.Engine.Workflows;

/// <summary>Retries a failed action with exponential backoff and jitter.</summary>
/// <param name="Attempts">How many attempts in all (1 means no retry).</param>
/// <param name="Backoff">The delay before the second attempt; each later delay doubles.</param>
/// <param name="MaxBackoff">The longest delay.</param>
/// <param name="Jitter">The random fraction (0 to 1) added to or taken from each delay.</param>
public sealed record WorkflowRetryPolicy(int Attempts, TimeSpan Backoff, TimeSpan MaxBackoff, double Jitter)
{
    /// <summary>Gets the policy used when a definition declares none: 3 attempts, 5 s doubling to 5 min, 20 % jitter.</summary>
    public static WorkflowRetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 0.2);

    /// <summary>Computes the delay before attempt <paramref name="attempt"/> (2 for the first retry).</summary>
    /// <param name="attempt">The attempt about to be made, from 2.</param>
    /// <param name="random">A value in [0, 1) that spreads the jitter.</param>
    /// <returns>The delay.</returns>
    public TimeSpan DelayBefore(int attempt, double random) => RetryBackoff.Delay(attempt - 1, Backoff, MaxBackoff, Jitter, random);
}
