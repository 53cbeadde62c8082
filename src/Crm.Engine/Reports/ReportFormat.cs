namespace Crm.Engine.Reports;

/// <summary>The output formats of an analytics report.</summary>
public enum ReportFormat
{
    /// <summary>A self-contained HTML page with inline SVG charts: no scripts, no network.</summary>
    Html = 0,

    /// <summary>The report model as JSON (camelCase, enums as names).</summary>
    Json = 1,

    /// <summary>One row per number: section, metric, dimension, bucket, value, note.</summary>
    Csv = 2,
}
