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

        worker.Queue.Post("a");
        time.Advance(Settle);
        var prepared = await worker.NextAsync();
        time.Advance(Debounce - Settle);
        var processed = await worker.NextAsync();

        Assert.Equal(("prepare", "a"), (prepared.Kind, prepared.Key));
        Assert.Equal(("process", "a"), (processed.Kind, processed.Key));
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
        time.Advance(Settle);
        var first = await worker.NextAsync();
        worker.Queue.Post("a");
        time.Advance(Settle);
        var second = await worker.NextAsync();
        var firstSuperseded = worker.Queue.IsSuperseded("a", first.Sequence);
        var secondSuperseded = worker.Queue.IsSuperseded("a", second.Sequence);
        time.Advance(Debounce - Settle);
        var processed = await worker.NextAsync();

        Assert.Equal("prepare", first.Kind);
        Assert.Equal("prepare", second.Kind);
        Assert.NotEqual(first.Sequence, second.Sequence);
        // What a preparation checks between its steps: the first one was overtaken by the second post, the second not.
        Assert.True(firstSuperseded);
        Assert.False(secondSuperseded);
        // The debounce restarted at the second post (t = 25 ms), so processing happens at 125 ms, for the second post.
        Assert.Equal(("process", second.Sequence), (processed.Kind, processed.Sequence));
    }

    [Fact]
    public async Task Post_DeadlinePassedBeforeWorkerLooked_ProcessedWithoutPreparation()
    {
        var time = new ManualTimeProvider();
        await using var worker = Worker.Start(time);

        // Both the settle period and the debounce are over when the worker scans: processing wins, nothing is prepared.
        worker.Queue.Post("a");
        time.Advance(Debounce);
        var processed = await worker.NextAsync();

        Assert.Equal("process", processed.Kind);
        Assert.False(worker.Calls.Reader.TryRead(out _));
    }

    private sealed class Worker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        private Worker(DebouncedWorkQueue queue) => Queue = queue;

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

        public async Task<(string Kind, string Key, long Sequence)> NextAsync() =>
            await Calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

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
