using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Engine;

/// <summary>
/// Names the engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, for OpenTelemetry registration
/// (<c>AddSource(CrmDiagnostics.ActivitySourceName)</c>, <c>AddMeter(CrmDiagnostics.MeterName)</c>).
/// </summary>
public static class CrmDiagnostics
{
    /// <summary>The name of the engine's activity source: <c>Crm.Engine</c>.</summary>
    public const string ActivitySourceName = "Crm.Engine";

    /// <summary>The name of the engine's meter: <c>Crm.Engine</c>.</summary>
    public const string MeterName = "Crm.Engine";

    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    internal static Meter Meter { get; } = new(MeterName);
}
