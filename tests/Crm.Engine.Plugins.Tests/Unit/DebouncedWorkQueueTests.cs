using System.Threading.Channels;
using Crm.Engine.Testing.Time;

namespace Crm.Engine.Plugins.Tests.Unit;

public sealed class DebouncedWorkQueueTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    // Settle period: min(100 ms / 2, 25 ms) = 25 ms.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task Post_QuietKey_PreparedAfterSettleThenProcessedAfterDebounceWithSameSequence()
    {
        var time = new ManualTimeProvider();
        await using var worker = Worker.Start(time);
        var posted = time.GetUtcNow();

        worker.Queue.Post("a");
        var prepared = await worker.AdvanceUntilNextAsync(time);
        var preparedAt = time.GetUtcNow() - posted;
        var processed = await worker.AdvanceUntilNextAsync(time);
        var processedAt = time.GetUtcNow() - posted;

        Assert.Equal(("prepare", "a"), (prepared.Kind, prepared.Key));
        Assert.InRange(preparedAt, Settle, Debounce - Worker.Step);
        Assert.Equal(("process", "a"), (processed.Kind, processed.Key));
        Assert.True(processedAt >= Debounce, $"Processed after {processedAt}, before the debounce ended.");
        // Equal sequence numbers prove nothing was posted between the preparation and the processing.
        Assert.Equal(prepared.Sequence, processed.Sequence);
        await worker.Queue.WhenIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(worker.Queue.IsBusy);
    }

    [Fact]
    public async Task Post_AfterPreparation_PreparesAgainAndProcessesOnlyTheNewerChange()
    {
        var time = new ManualTimeProvider();
        await using var worker = Worker.Start(time);

        worker.Queue.Post("a");
        var first = await worker.AdvanceUntilNextAsync(time);
        var secondPosted = time.GetUtcNow();
        worker.Queue.Post("a");
        var second = await worker.AdvanceUntilNextAsync(time);
        var firstSuperseded = worker.Queue.IsSuperseded("a", first.Sequence);
        var secondSuperseded = worker.Queue.IsSuperseded("a", second.Sequence);
        var processed = await worker.AdvanceUntilNextAsync(time);

        Assert.Equal("prepare", first.Kind);
        Assert.Equal("prepare", second.Kind);
        Assert.NotEqual(first.Sequence, second.Sequence);
        // What a preparation checks between its steps: the first one was overtaken by the second post, the second not.
        Assert.True(firstSuperseded);
        Assert.False(secondSuperseded);
        // The debounce restarted at the second post, and the processing covers the second post only.
        Assert.Equal(("process", second.Sequence), (processed.Kind, processed.Sequence));
        Assert.True(time.GetUtcNow() - secondPosted >= Debounce, "Processed before the restarted debounce ended.");
    }

    [Fact]
    public async Task Post_DeadlinePassedBeforeWorkerLooked_ProcessedWithoutPreparation()
    {
        var time = new ManualTimeProvider();
        await using var worker = Worker.Start(time);

        // Both the settle period and the debounce are over when the worker scans: processing wins, nothing is prepared.
        worker.Queue.Post("a");
        time.Advance(Debounce);
        var processed = await worker.AdvanceUntilNextAsync(time);

        Assert.Equal("process", processed.Kind);
        Assert.False(worker.Calls.Reader.TryRead(out _));
    }

    private sealed class Worker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        private Worker(DebouncedWorkQueue queue) => Queue = queue;

        /// <summary>Gets how far the manual clock moves per step while waiting for the worker.</summary>
        public static TimeSpan Step { get; } = TimeSpan.FromMilliseconds(5);

        public DebouncedWorkQueue Queue { get; }

        public Channel<(string Kind, string Key, long Sequence)> Calls { get; } = Channel.CreateUnbounded<(string, string, long)>();

        public static Worker Start(TimeProvider time)
        {
            var worker = new Worker(new DebouncedWorkQueue(time, Debounce));
            worker._run = Task.Run(() => worker.Queue.RunAsync(
                (key, sequence, _) => worker.Record("process", key, sequence),
                (key, sequence, _) => worker.Record("prepare", key, sequence),
                worker._stop.Token));
            return worker;
        }

        /// <summary>
        /// Moves the manual clock in small steps until the worker calls back. Steps, not one jump: the worker measures
        /// "now" and then creates its relative timer, so a jump landing between the two would leave that timer a full
        /// delay in the future.
        /// </summary>
        public async Task<(string Kind, string Key, long Sequence)> AdvanceUntilNextAsync(ManualTimeProvider time)
        {
            for (var advanced = TimeSpan.Zero; advanced <= Debounce * 3; advanced += Step)
            {
                // Give the worker a moment (real time) to react to the last step before moving the clock again.
                using var reaction = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
                try
                {
                    return await Calls.Reader.ReadAsync(reaction.Token);
                }
                catch (OperationCanceledException)
                {
                    time.Advance(Step);
                }
            }

            throw new TimeoutException($"The worker did not call back within {Debounce * 3} of manual time.");
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
                // The worker stops by cancellation, with or without this exception depending on where it was.
            }

            _stop.Dispose();
        }

        private Task Record(string kind, string key, long sequence)
        {
            Calls.Writer.TryWrite((kind, key, sequence));
            return Task.CompletedTask;
        }
    }
}
