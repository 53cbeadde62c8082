using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Engine.Plugins;

/// <summary>
/// The plugin host's activities and instruments, on the engine's one <see cref="ActivitySource"/> and <see cref="Meter"/>.
/// </summary>
internal static class PluginTelemetry
{
    public const string PluginIdTag = "crm.plugin.id";
    public const string VersionTag = "crm.plugin.version";
    public const string OutcomeTag = "crm.outcome";

    public static readonly ActivitySource Source = new(CrmDiagnostics.ActivitySourceName);

    private static readonly Meter Meter = new(CrmDiagnostics.MeterName);

    public static readonly Counter<long> Invocations = Meter.CreateCounter<long>(
        "crm.engine.plugin.invocations", "{call}", "Guarded calls into plugins, by plugin and outcome.");

    public static readonly Histogram<double> InvocationDuration = Meter.CreateHistogram<double>(
        "crm.engine.plugin.invocation.duration", "s", "Duration of guarded calls into plugins.");

    public static readonly Counter<long> Loads = Meter.CreateCounter<long>(
        "crm.engine.plugin.loads", "{load}", "First loads of plugins, by plugin and outcome.");

    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>(
        "crm.engine.plugin.reloads", "{reload}", "Hot reloads of plugins, by plugin and outcome (activated or rejected).");

    public static readonly Counter<long> Unloads = Meter.CreateCounter<long>(
        "crm.engine.plugin.unloads", "{unload}", "Unloaded plugin contexts, by plugin and outcome (collected or leaked).");

    public static void Count(Counter<long> counter, string pluginId, string outcome)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(PluginIdTag, pluginId), new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }
}
