using System.Text;
using Crm.Engine.Analytics;

namespace Crm.Engine.Reports;

/// <summary>Writes an <see cref="AnalyticsReport"/> as HTML, JSON or CSV. Sections that are <see langword="null"/> are skipped.</summary>
public static class AnalyticsReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes a report to a stream in UTF-8.</summary>
    /// <param name="report">The report.</param>
    /// <param name="format">The format.</param>
    /// <param name="output">The stream; left open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the report is written and flushed.</returns>
    public static async Task WriteAsync(AnalyticsReport report, ReportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, Utf8, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            switch (format)
            {
                case ReportFormat.Json:
                    await ReportJson.WriteAsync(report, writer, cancellationToken).ConfigureAwait(false);
                    break;
                case ReportFormat.Csv:
                    await ReportCsv.WriteAsync(report, writer, cancellationToken).ConfigureAwait(false);
                    break;
                case ReportFormat.Html:
                    await writer.WriteAsync(ReportHtml.Render(report).AsMemory(), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renders a report as one self-contained HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML.</returns>
    public static string ToHtml(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ReportHtml.Render(report);
    }
}
