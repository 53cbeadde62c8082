using Crm.Engine.Analytics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore.Reports;

/// <summary>Reports: the analytics report of a period in JSON, CSV or HTML, and its headline KPIs.</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/analytics", AnalyticsAsync).WithName("GetAnalyticsReport")
            // One declaration for the three formats: a second Produces for 200 would replace the first in the document.
            .Produces<AnalyticsReport>(StatusCodes.Status200OK, "application/json", "text/csv", "text/html")
            .ProducesValidationProblem();
        reports.MapGet("/kpis", KpisAsync).WithName("GetKpis").Produces<KpiReport>().ProducesValidationProblem();
    }

    private static async Task<IResult> AnalyticsAsync(HttpContext http, CancellationToken cancellationToken)
    {
        // Every parameter is checked and the report computed before the first byte is written: errors stay problem documents.
        var format = ReportQueryReader.Format(http.Request);
        var query = ReportQueryReader.Query(http.Request);
        var report = await BuildAsync(http, query, cancellationToken).ConfigureAwait(false);
        return new ReportResult(report, format);
    }

    private static async Task<IResult> KpisAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var query = ReportQueryReader.Query(http.Request);
        var report = await BuildAsync(http, query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new KpiReport(report.Query.Period, report.Query.Currency, report.GeneratedAt, report.Tiles), CrmJson.Options);
    }

    private static async Task<AnalyticsReport> BuildAsync(HttpContext http, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await CrmCallerFilter.Get(http).Analytics.BuildReportAsync(query, progress: null, cancellationToken).ConfigureAwait(false);
        }
        catch (CrmValidationException e)
        {
            // The engine names the query's properties; over HTTP the client sent query parameters ("period" stays: from and to together).
            throw new CrmValidationException([.. e.Errors.Select(error => error.Path switch
            {
                "segments" => error with { Path = "segment" },
                "churnWindow" => error with { Path = "churnDays" },
                _ => error,
            })]);
        }
    }
}
