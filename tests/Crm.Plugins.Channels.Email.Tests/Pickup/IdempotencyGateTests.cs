using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Email.Tests.Pickup;

public sealed class IdempotencyGateTests
{
    [Fact]
    public async Task Run_ConcurrentSendsOfOneKey_ReachTheTransportOnce()
    {
        var gate = new IdempotencyGate(10);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        async ValueTask<DeliveryResult> Send(CancellationToken token)
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return DeliveryResult.Delivered("<id@x>");
        }

        var sends = Enumerable.Range(0, 8).Select(_ => gate.RunAsync("k", Send, CancellationToken.None).AsTask()).ToList();
        release.SetResult();
        var results = await Task.WhenAll(sends);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal("<id@x>", r.ProviderMessageId));
        Assert.Equal("<id@x>", (await gate.RunAsync("k", Send, CancellationToken.None)).ProviderMessageId);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Run_Failure_IsNotRememberedSoTheNextAttemptSends()
    {
        var gate = new IdempotencyGate(10);
        var calls = 0;
        ValueTask<DeliveryResult> Send(CancellationToken token) => ValueTask.FromResult(++calls == 1
            ? DeliveryResult.Failed(DeliveryFailureKind.Transient, "busy")
            : DeliveryResult.Delivered("<id@x>"));

        Assert.False((await gate.RunAsync("k", Send, CancellationToken.None)).IsDelivered);
        Assert.True((await gate.RunAsync("k", Send, CancellationToken.None)).IsDelivered);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Run_OwnerCancelled_LetsAWaitingCallerSendItself()
    {
        var gate = new IdempotencyGate(10);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancelOwner = new CancellationTokenSource();
        async ValueTask<DeliveryResult> Slow(CancellationToken token)
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return DeliveryResult.Delivered("<never@x>");
        }

        var owner = gate.RunAsync("k", Slow, cancelOwner.Token).AsTask();
        await started.Task;
        var waiter = gate.RunAsync("k", _ => ValueTask.FromResult(DeliveryResult.Delivered("<waiter@x>")), CancellationToken.None).AsTask();
        await cancelOwner.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owner);
        Assert.Equal("<waiter@x>", (await waiter).ProviderMessageId);
    }

    [Fact]
    public async Task Run_BeyondCapacity_ForgetsTheLeastRecentlyUsedKey()
    {
        var gate = new IdempotencyGate(2);
        var calls = 0;
        ValueTask<DeliveryResult> Send(CancellationToken token) => ValueTask.FromResult(DeliveryResult.Delivered("<" + ++calls + "@x>"));

        await gate.RunAsync("a", Send, CancellationToken.None);
        await gate.RunAsync("b", Send, CancellationToken.None);
        await gate.RunAsync("a", Send, CancellationToken.None);
        await gate.RunAsync("c", Send, CancellationToken.None);

        Assert.Equal(2, gate.Count);
        Assert.Equal("<1@x>", (await gate.RunAsync("a", Send, CancellationToken.None)).ProviderMessageId);
        Assert.Equal("<4@x>", (await gate.RunAsync("b", Send, CancellationToken.None)).ProviderMessageId);
    }
}
