namespace Crm.Engine.StateMachine.Tests;

public class ConcurrencyTests
{
    private const int Workers = 8;
    private const int FiresPerWorker = 1_000;

    [Fact]
    public async Task Fire_EightThreadsOnOneInstance_EveryActionRunsExactlyOnceUnderMutualExclusion()
    {
        int count = 0;
        int inside = 0;
        int overlaps = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).PermitReentry(Move.Touch).OnEntry(() =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            // Deliberately not atomic, with a busy-spin (not a sleep) between read and write to widen the race window:
            // only the machine's serialization makes the count exact.
            int before = count;
            Thread.SpinWait(200);
            count = before + 1;
            Interlocked.Decrement(ref inside);
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);
        using var start = new Barrier(Workers);

        Task[] workers = Enumerable.Range(0, Workers).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; i < FiresPerWorker; i++)
                {
                    machine.Fire(Move.Touch);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(Workers * FiresPerWorker, count);
        Assert.Equal(0, overlaps);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public async Task FireAsync_EightTasksWithSuspendingActions_AreSerializedAndExact()
    {
        int count = 0;
        int inside = 0;
        int overlaps = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).PermitReentry(Move.Touch).OnEntryAsync(async _ =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            int before = count;
            await Task.Yield();
            count = before + 1;
            Interlocked.Decrement(ref inside);
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task[] workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            await start.Task;
            for (int i = 0; i < FiresPerWorker; i++)
            {
                await machine.FireAsync(Move.Touch);
            }
        }).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(Workers * FiresPerWorker, count);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task Fire_MixedSyncAndAsyncCallers_AllTransitionsCounted()
    {
        int count = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).PermitReentry(Move.Touch).OnEntry(() =>
        {
            int before = count;
            Thread.SpinWait(200);
            count = before + 1;
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);
        using var start = new Barrier(4);

        Task[] workers = Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; i < FiresPerWorker; i++)
                {
                    if (worker % 2 == 0)
                    {
                        machine.Fire(Move.Touch);
                    }
                    else
                    {
                        machine.FireAsync(Move.Touch).AsTask().GetAwaiter().GetResult();
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(4 * FiresPerWorker, count);
    }
}
