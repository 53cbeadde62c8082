using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginTelemetryTests
{
    [Fact]
    public async Task InvokeAsync_WithListeners_EmitsActivityAndInvocationMetricTaggedWithPluginId()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string? PluginId, string? Outcome)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CrmDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? pluginId = null, outcome = null;
            foreach (var tag in tags)
            {
                pluginId = tag.Key == "crm.plugin.id" ? tag.Value as string : pluginId;
                outcome = tag.Key == "crm.outcome" ? tag.Value as string : outcome;
            }

            measurements.Enqueue((instrument.Name, pluginId, outcome));
        });
        meterListener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CrmDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();
        await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"));

        Assert.Contains(measurements, m => m == ("crm.engine.plugin.loads", "fixture.greeter", "activated"));
        Assert.Contains(measurements, m => m == ("crm.engine.plugin.invocations", "fixture.greeter", "success"));
        Assert.Contains(activities, a => a.OperationName == "crm.plugin.load" && (string?)a.GetTagItem("crm.plugin.id") == "fixture.greeter");
        Assert.Contains(activities, a => a.OperationName == "crm.plugin.invoke" && (string?)a.GetTagItem("crm.plugin.version") == "1.0.0");
    }
}
