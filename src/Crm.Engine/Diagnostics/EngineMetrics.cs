using System.Diagnostics.Metrics;

namespace Crm.Engine;

/// <summary>Holds the engine's counters; instrument names follow <c>crm.engine.&lt;area&gt;.&lt;what&gt;</c>.</summary>
internal static class EngineMetrics
{
    public static Counter<long> RecordsWritten { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.records.written", "{record}", "Records inserted or updated, tagged by entity and operation.");

    public static Counter<long> EventsPublished { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.events.published", "{event}", "Domain events published, tagged by event type.");

    public static Counter<long> EventHandlerFailures { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.events.handler_failures", "{failure}", "Event handlers that threw or timed out.");

    public static Counter<long> ValidationFailures { get; } =
        CrmDiagnostics.Meter.CreateCounter<long>("crm.engine.validation.failures", "{request}", "Writes rejected by validation, tagged by entity.");
}
