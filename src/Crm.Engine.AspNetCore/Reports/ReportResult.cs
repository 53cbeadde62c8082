using System.Globalization;
using Crm.Engine.Analytics;
using Crm.Engine.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Crm.Engine.AspNetCore.Reports;

/// <summary>Streams a computed report to the response through the engine's writers (HTML, JSON or CSV).</summary>
internal sealed class ReportResult(AnalyticsReport report, ReportFormat format) : IResult
{
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Html => "text/html; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType(format);
        if (format == ReportFormat.Csv)
        {
            // A spreadsheet opened from a browser gets a name that says which period it covers.
            var name = string.Create(CultureInfo.InvariantCulture, $"analytics-{report.Query.Period.From:yyyyMMdd}-{report.Query.Period.To:yyyyMMdd}.csv");
            response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"{name}\"";
        }

        await AnalyticsReportWriter.WriteAsync(report, format, response.Body, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
