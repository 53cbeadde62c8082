using System.Diagnostics;
using Crm.Engine.Channels;
using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginGuardTests
{
    [Fact]
    public async Task InvokeAsync_PluginThrows_ReportsFaultAndOtherPluginsServe()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.Faulty);
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();

        var failure = await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(harness.Channel("fixture.faulty"), "throw"));

        Assert.Equal(PluginCallFailure.Faulted, failure.Failure);
        Assert.Equal("fixture.faulty", failure.PluginId);
        Assert.Equal("IChannelAdapter", failure.ServiceType);
        Assert.Equal(nameof(InvalidOperationException), failure.InnerType);
        Assert.False(failure.CallNotAttempted);
        var info = harness.Plugin("fixture.faulty");
        Assert.Equal((1, 1), (info.Statistics.Calls, info.Statistics.Failures));
        Assert.Contains("Plugin 'fixture.faulty' threw InvalidOperationException from IChannelAdapter: send failed on purpose", info.LastError, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.WithEventId(3010), e => e.Message.Contains("'fixture.faulty'", StringComparison.Ordinal));
        Assert.True((await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"))).IsDelivered);
    }

    [Theory]
    [InlineData("hang")]
    [InlineData("hang-cooperative")]
    public async Task InvokeAsync_PluginHangs_TimesOutAfterCallTimeout(string subject)
    {
        await using var harness = PluginHostHarness.Create(o => o.CallTimeout = TimeSpan.FromMilliseconds(200));
        harness.Copy(Fixtures.Faulty);
        await harness.StartAsync();
        var started = Stopwatch.StartNew();

        var failure = await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(harness.Channel("fixture.faulty"), subject));

        Assert.Equal(PluginCallFailure.TimedOut, failure.Failure);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(10));
        Assert.Equal(1, harness.Plugin("fixture.faulty").Statistics.Timeouts);
        Assert.Contains("did not answer IChannelAdapter within 00:00:00.2000000 (PluginHostOptions.CallTimeout)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_PluginKeepsFailing_OpensCircuitThenQuarantines()
    {
        await using var harness = PluginHostHarness.Create(o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(5);
            // Long enough that the third call lands inside the break even on a loaded machine.
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(1);
            o.QuarantineAfterFailedTrials = 2;
            o.QuarantineDuration = TimeSpan.FromHours(1);
        });
        harness.Copy(Fixtures.Faulty);
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();
        var faulty = harness.Channel("fixture.faulty");

        // Keep failing (the first calls, then the trial calls after each break) until the host quarantines it.
        var failures = new List<PluginHostHarness.CallFailure>();
        var deadline = Stopwatch.StartNew();
        while (harness.Plugin("fixture.faulty").Health != PluginHealth.Quarantined)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "The plugin was not quarantined in time.");
            failures.Add(await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(faulty, "throw")));
            await Task.Delay(10);
        }

        Assert.Contains(failures, f => f.Failure == PluginCallFailure.Faulted && !f.CallNotAttempted);
        Assert.Contains(failures, f => f.Failure == PluginCallFailure.CircuitOpen && f.CallNotAttempted);
        Assert.Contains(harness.Logs.WithEventId(3011), e => e.Message.Contains("'fixture.faulty' is unhealthy", StringComparison.Ordinal));
        var quarantined = await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(faulty));
        Assert.Equal(PluginCallFailure.CircuitOpen, quarantined.Failure);
        Assert.Contains("quarantined", quarantined.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.WithEventId(3012), e => e.Message.Contains("'fixture.faulty'", StringComparison.Ordinal));
        Assert.Equal(PluginHealth.Healthy, harness.Plugin("fixture.greeter").Health);
        Assert.True((await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"))).IsDelivered);
    }

    [Fact]
    public async Task InvokeAsync_ConcurrencyLimitFull_RejectsWithoutCallingPlugin()
    {
        await using var harness = PluginHostHarness.Create(o =>
        {
            o.MaxConcurrentCalls = 1;
            o.MaxQueuedCalls = 0;
        });
        harness.Copy(Fixtures.Faulty);
        await harness.StartAsync();
        var faulty = harness.Channel("fixture.faulty");
        using var stopFirst = new CancellationTokenSource();

        var first = PluginHostHarness.SendAsync(faulty, "hang-cooperative", cancellationToken: stopFirst.Token).AsTask();
        var rejected = await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(faulty));
        await stopFirst.CancelAsync();

        Assert.Equal(PluginCallFailure.Rejected, rejected.Failure);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(1, harness.Plugin("fixture.faulty").Statistics.Rejections);
        Assert.True((await PluginHostHarness.SendAsync(faulty)).IsDelivered);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_ThrowsOperationCanceledWithoutCountingFailure()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.Faulty);
        await harness.StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await PluginHostHarness.SendAsync(harness.Channel("fixture.faulty"), "hang-cooperative", cancellationToken: cancellation.Token));

        var info = harness.Plugin("fixture.faulty");
        Assert.Equal((1, 0), (info.Statistics.Calls, info.Statistics.Failures));
        Assert.Equal(PluginHealth.Healthy, info.Health);
    }

    [Fact]
    public async Task InvokeAsync_ConvenienceOverloads_RouteThroughGuard()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();
        var channel = harness.Channel("fixture.greeter");
        var sent = 0;

        var name = await channel.InvokeAsync(static (adapter, _) => new ValueTask<string>(adapter.Channel));
        await channel.InvokeAsync(PluginHostHarness.Message(), async (adapter, message, token) =>
        {
            await adapter.SendAsync(message, token);
            Interlocked.Increment(ref sent);
        });

        Assert.Equal("greeter", name);
        Assert.Equal(1, sent);
        Assert.Equal(2, harness.Plugin("fixture.greeter").Statistics.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ServiceNotProvided_ReportsUnavailable()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();

        var exception = await Assert.ThrowsAsync<CrmPluginCallException>(async () =>
            await harness.Host.GetService<Storage.IStorageProvider>("fixture.greeter").InvokeAsync(static (p, _) => new ValueTask<string>(p.Name)));

        Assert.Equal(PluginCallFailure.Unavailable, exception.Failure);
        Assert.Contains("version 1.0.0 does not provide IStorageProvider", exception.Message, StringComparison.Ordinal);
    }
}
