using System.CommandLine;
using System.Globalization;
using Crm.Engine.Analytics;
using Crm.Engine.Cli.Customers;
using Crm.Engine.Reports;

namespace Crm.Engine.Cli.Reports;

/// <summary>
/// <c>crm report --db &lt;sqlite file&gt; --tenant &lt;t&gt; --from &lt;date&gt; --to &lt;date&gt; --format html|json|csv --out &lt;file&gt;
/// [--pipeline &lt;id&gt;]</c>: computes the analytics report of a period and writes it. Progress (one line per section) goes to stderr.
/// </summary>
internal static class ReportCommand
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss"];

    public static Command Create()
    {
        var database = CustomerOptions.Database("The SQLite database file.");
        var tenant = new Option<string>("--tenant") { Description = "The tenant to report on.", Required = true, HelpName = "tenant" };
        var from = new Option<string>("--from") { Description = "The first day (or instant) of the period, such as 2026-01-01; UTC unless an offset is given.", Required = true, HelpName = "date" };
        var to = new Option<string>("--to") { Description = "The first day (or instant) after the period (exclusive), such as 2026-04-01.", Required = true, HelpName = "date" };
        var format = new Option<ReportFormat>("--format") { Description = "html (self-contained page with charts), json or csv.", DefaultValueFactory = _ => ReportFormat.Html, HelpName = "html|json|csv" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write (replaced if it exists).", Required = true, HelpName = "file" };
        var currency = new Option<string>("--currency") { Description = "The ISO 4217 currency amounts are counted in; others are left out.", DefaultValueFactory = _ => "EUR", HelpName = "code" };
        var granularity = new Option<PeriodGranularity>("--granularity") { Description = "Trend buckets: day, week or month.", DefaultValueFactory = _ => PeriodGranularity.Month, HelpName = "day|week|month" };
        var churnDays = new Option<int>("--churn-days") { Description = "A customer churns after this many days without a purchase.", DefaultValueFactory = _ => 90, HelpName = "days" };
        var pipeline = new Option<string>("--pipeline") { Description = "The id of the sales pipeline whose velocity the report shows; left out without it.", HelpName = "id" };
        var segments = new Option<string[]>("--segment") { Description = "A saved segment to compute predictive CLV for; repeat for several.", HelpName = "name", AllowMultipleArgumentsPerToken = false };
        var command = new Command("report", "Compute KPIs, cohorts and funnels for a period and write the report. Exit code 0: written; 2: bad input.")
        {
            database, tenant, from, to, format, output, currency, granularity, churnDays, segments, pipeline,
        };
        command.SetAction((result, cancellationToken) => CustomerOptions.RunAsync(result, () =>
        {
            var period = new ReportPeriod(Date(result.GetRequiredValue(from), "--from"), Date(result.GetRequiredValue(to), "--to"), result.GetValue(granularity));
            var days = result.GetValue(churnDays);
            if (days <= 0)
            {
                throw new CliInputException($"--churn-days: must be a positive number of days (got {days}).");
            }

            var query = new AnalyticsQuery(period, result.GetValue(currency) ?? "EUR")
            {
                ChurnWindow = TimeSpan.FromDays(days),
                Segments = result.GetValue(segments) ?? [],
                PipelineId = result.GetValue(pipeline) is { } id ? PipelineId(id) : null,
            };
            return RunAsync(result.GetRequiredValue(database), result.GetRequiredValue(tenant), query, result.GetValue(format), result.GetRequiredValue(output),
                result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo database, string tenant, AnalyticsQuery query, ReportFormat format, FileInfo target, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!database.Exists)
        {
            throw new CliInputException($"{database}: error: the database does not exist.");
        }

        if (target.Directory is { Exists: false } folder)
        {
            throw new CliInputException($"{target}: error: the folder '{folder}' does not exist.");
        }

        var engine = await CustomerDataEngine.OpenAsync(database, tenant, null, cancellationToken).ConfigureAwait(false);
        await using (engine.ConfigureAwait(false))
        {
            var progress = new SectionProgress(error, TimeProvider.System);
            var report = await engine.Crm.Analytics.BuildReportAsync(query, progress, cancellationToken).ConfigureAwait(false);
            progress.Report("writing " + format.ToString().ToLowerInvariant());
            // Written beside the target and moved into place at the end, so a failed run never leaves a file that looks complete.
            var partial = target.FullName + ".partial";
            try
            {
                var stream = File.Create(partial);
                await using (stream.ConfigureAwait(false))
                {
                    await AnalyticsReportWriter.WriteAsync(report, format, stream, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new CliInputException($"{target}: error: cannot write the file: {e.Message}", e);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            progress.Report("done");
            await output.WriteLineAsync($"Report of tenant '{tenant}' for {query.Period.From:yyyy-MM-dd} to {query.Period.To:yyyy-MM-dd} written to {target.FullName}.").ConfigureAwait(false);
            return 0;
        }
    }

    private static Guid PipelineId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw new CliInputException($"--pipeline: '{text}' is not a pipeline id (a GUID such as 0190d2a4-7c1e-7b3a-9f00-000000000001).");

    private static DateTimeOffset Date(string text, string option)
    {
        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new CliInputException($"{option}: '{text}' is not a date such as 2026-01-01 (or an ISO 8601 instant).");
    }
}
