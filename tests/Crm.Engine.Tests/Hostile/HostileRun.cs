using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// Runs seeded hostile cases one by one, each under a watchdog, and tallies how each ended: accepted, or the type of
/// the typed error. Anything else (an untyped exception, a case that outlives the watchdog) fails the test naming
/// the seed and showing the input. Prints the case count and the distribution of outcomes.
/// </summary>
internal sealed class HostileRun(string suite, ITestOutputHelper output)
{
    /// <summary>The bar the issue sets for every hostile-input suite.</summary>
    public const int MinimumCases = 10_000;

    /// <summary>How long one case may take before it counts as a hang; generous for a busy machine.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Cases { get; private set; }

    public int Accepted => _outcomes.GetValueOrDefault("accepted");

    public int Rejected => _outcomes.Where(o => o.Key != "accepted").Sum(o => o.Value);

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    /// <summary>Runs one case: <paramref name="body"/> returns normally when the input was accepted, or throws.</summary>
    /// <param name="seed">The case's seed, named in failures.</param>
    /// <param name="kind">The mutation kind, for the distribution.</param>
    /// <param name="input">The hostile input, shown (shortened) in failures.</param>
    /// <param name="body">The call under test; receives a token cancelled by the watchdog.</param>
    /// <param name="isTyped">Whether an exception is the documented, typed rejection.</param>
    public async Task CaseAsync(int seed, string kind, string input, Func<CancellationToken, Task> body, Func<Exception, bool>? isTyped = null)
    {
        isTyped ??= static e => e is CrmException;
        Cases++;
        _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
        using var watchdog = new CancellationTokenSource(CaseTimeout);
        var work = Task.Run(() => body(watchdog.Token), CancellationToken.None);
        string outcome;
        try
        {
            await work.WaitAsync(CaseTimeout + TimeSpan.FromSeconds(1));
            outcome = "accepted";
        }
        catch (TimeoutException)
        {
            throw new XunitException($"{suite}: seed {seed} ({kind}) did not finish within {CaseTimeout}: a hang.\nInput: {Shorten(input)}");
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested)
        {
            throw new XunitException($"{suite}: seed {seed} ({kind}) was cancelled by the {CaseTimeout} watchdog: a hang.\nInput: {Shorten(input)}");
        }
        catch (Exception e) when (e is not XunitException)
        {
            if (!isTyped(e))
            {
                throw new XunitException($"{suite}: seed {seed} ({kind}) ended in an untyped {e.GetType().FullName}: {e.Message}\nInput: {Shorten(input)}\n{e}");
            }

            if (string.IsNullOrWhiteSpace(e.Message))
            {
                throw new XunitException($"{suite}: seed {seed} ({kind}) threw {e.GetType().Name} without a message.");
            }

            outcome = e.GetType().Name;
        }

        _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
    }

    /// <summary>Counts an outcome decided by the caller (a rejection result rather than an exception).</summary>
    public void Count(string kind, string outcome)
    {
        CountKind(kind);
        CountOutcome(outcome, 1);
    }

    /// <summary>Counts a generated case whose outcome is counted separately (rows of an imported file).</summary>
    public void CountKind(string kind)
    {
        Cases++;
        _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Counts outcomes reported in bulk.</summary>
    public void CountOutcome(string outcome, int count)
    {
        if (count > 0)
        {
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + count;
        }
    }

    /// <summary>Prints the counts and asserts the bar: enough cases, and both verdicts reached (else the fuzzing proves nothing).</summary>
    public void Report(int minimumCases = MinimumCases)
    {
        var text = new StringBuilder()
            .Append(suite).Append(": cases=").Append(Cases).Append(" accepted=").Append(Accepted).Append(" rejected=").Append(Rejected)
            .Append(" elapsed=").Append(_clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append('s')
            .AppendLine()
            .Append("  outcomes: ").AppendJoin(", ", _outcomes.Select(o => $"{o.Key}={o.Value}")).AppendLine()
            .Append("  mutations: ").AppendJoin(", ", _kinds.Select(k => $"{k.Key}={k.Value}"));
        output.WriteLine(text.ToString());
        Assert.True(Cases >= minimumCases, $"{suite} ran {Cases} cases; the bar is {minimumCases}.");
        Assert.True(Accepted > 0 && Rejected > 0, $"{suite}: accepted {Accepted}, rejected {Rejected}; a meaningful run reaches both verdicts.");
    }

    public static string Shorten(string input) => input.Length <= 400 ? input : input[..300] + $"… ({input.Length} chars) …" + input[^80..];
}
