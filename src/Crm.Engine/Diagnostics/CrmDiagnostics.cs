namespace Crm.Engine.Diagnostics;

/// <summary>
/// Names the engine's telemetry sources, so hosts can subscribe to them (for example with OpenTelemetry's
/// <c>AddSource(CrmDiagnostics.ActivitySourceName)</c> and <c>AddMeter(CrmDiagnostics.MeterName)</c>).
/// </summary>
public static class CrmDiagnostics
{
    /// <summary>The name of the engine's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Crm.Engine";

    /// <summary>The name of the engine's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Crm.Engine";
}
