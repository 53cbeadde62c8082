using Crm.Engine.Events;
using Crm.Engine.Plugins.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginEventTests
{
    private static CustomerCreated NewEvent() => new(new Customer { Id = Guid.NewGuid(), TenantId = "t1" })
    {
        EventId = Guid.NewGuid(),
        TenantId = "t1",
        OccurredAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task PublishAsync_PluginHandlesEvent_DeliveredOnceThroughActiveVersion()
    {
        var bus = new TestEventBus();
        await using var harness = PluginHostHarness.Create(services: s => s.AddSingleton<ICrmEventBus>(bus));
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        await bus.PublishAsync(NewEvent());
        Assert.Equal("events=1", (await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"), "events")).ProviderMessageId);

        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync("fixture.greeter", p => p.Version == "2.0.0");
        await bus.PublishAsync(NewEvent());

        // One subscription per plugin, not per version: the new version got the event, exactly once.
        Assert.Equal(1, bus.SubscriptionCount);
        Assert.Equal("events=1", (await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"), "events")).ProviderMessageId);
        Assert.Equal("v=2.0.0;from=1.0.0;imported=events=1;started=True", (await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"), "state")).ProviderMessageId);
    }

    [Fact]
    public async Task StopAsync_PluginWithEventHandlers_Unsubscribes()
    {
        var bus = new TestEventBus();
        await using var harness = PluginHostHarness.Create(services: s => s.AddSingleton<ICrmEventBus>(bus));
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();
        Assert.Equal(1, bus.SubscriptionCount);

        await harness.Host.StopAsync(CancellationToken.None);

        Assert.Equal(0, bus.SubscriptionCount);
        Assert.Equal(PluginState.Unloaded, harness.Plugin("fixture.greeter").State);
    }
}
