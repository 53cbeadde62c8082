namespace Crm.Engine.Plugins;

/// <summary>
/// Counts the guarded calls into a plugin since it was first loaded, across versions.
/// </summary>
/// <param name="Calls">Calls that reached the guard.</param>
/// <param name="Failures">Calls that failed for any reason, timeouts and refusals included.</param>
/// <param name="Timeouts">Calls that did not answer within the call timeout.</param>
/// <param name="Rejections">Calls refused without reaching the plugin (concurrency limit, open circuit).</param>
/// <param name="P95Latency">The 95th percentile latency of recent calls.</param>
public readonly record struct PluginStatistics(long Calls, long Failures, long Timeouts, long Rejections, TimeSpan P95Latency);
