using System.Globalization;
using System.Text;
using Crm.Engine.Analytics;
using static Crm.Engine.Reports.SvgCharts;

namespace Crm.Engine.Reports;

/// <summary>
/// Renders the report as one HTML page that needs nothing else: inline CSS and SVG, no scripts, no fonts or images to
/// fetch. Each chart has a title and description for assistive technology, and its numbers are also in a table.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1a1a1a;background:#fafafa}
        h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:32px 0 8px}
        .meta{color:#555;margin:0 0 16px}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px;list-style:none;padding:0}
        .tile{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px}
        .tile .name{font-size:.85rem;color:#555}.tile .value{font-size:1.4rem;font-weight:600;margin:4px 0}
        .tile .note{font-size:.75rem;color:#777}
        .chart{max-width:100%;height:auto;background:#fff;border:1px solid #ddd;border-radius:8px}
        .bar{fill:#2f6fb3}.funnel{fill:#3a8f6b}.line{stroke:#c0392b;stroke-width:2}.point{fill:#c0392b}
        .axis-line{stroke:#999}.axis,.small{font-size:11px;fill:#555}.label{font-size:13px;fill:#1a1a1a}
        table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:.9rem}
        th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
        details{margin:4px 0 0}
        """;

    public static string Render(AnalyticsReport report)
    {
        var query = report.Query;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>CRM report ").Append(Text(Range(query.Period))).Append("</title><style>").Append(Style).Append("</style></head><body><main>");
        html.Append("<h1>CRM report</h1><p class=\"meta\">")
            .Append(Text($"{Range(query.Period)} · {query.Period.Granularity} buckets · {query.Currency} · churn window {query.ChurnWindow.TotalDays.ToString(CultureInfo.InvariantCulture)} days · generated {report.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"))
            .Append("</p>");

        html.Append("<section aria-labelledby=\"kpis\"><h2 id=\"kpis\">Key figures</h2><ul class=\"tiles\">");
        foreach (var tile in report.Tiles)
        {
            html.Append("<li class=\"tile\"><div class=\"name\">").Append(Text(tile.Definition.Name)).Append("</div><div class=\"value\">")
                .Append(Text(Value(tile, query.Currency))).Append("</div><div class=\"note\" title=\"").Append(Text(tile.Definition.Formula)).Append("\">")
                .Append(Text(tile.UndefinedReason is { } reason ? "undefined: " + reason : tile.Definition.Formula)).Append("</div></li>");
        }

        html.Append("</ul></section>");
        Revenue(html, report);
        Churn(html, report);
        Cohorts(html, report);
        Funnel(html, report);
        Acquisition(html, report);
        LifetimeValue(html, report);
        Engagement(html, report);
        Nps(html, report);
        Support(html, report);
        PipelineVelocity(html, report);
        DealFunnel(html, report);
        CampaignRoi(html, report);
        Omitted(html, report);
        return html.Append("</main></body></html>").ToString();
    }

    private static void Revenue(StringBuilder html, AnalyticsReport report)
    {
        if (report.Revenue is not { } revenue)
        {
            return;
        }

        var currency = report.Query.Currency;
        html.Append("<section aria-labelledby=\"revenue\"><h2 id=\"revenue\">Revenue</h2>");
        html.Append(Bars("revenue-chart", $"Revenue per {report.Query.Period.Granularity.ToString().ToLowerInvariant()} in {currency}",
            $"Total {Format(revenue.Totals.Revenue)} {currency} from {revenue.Totals.Orders} orders by {revenue.Totals.Buyers} buyers.",
            [.. revenue.Trend.Select(p => (Label(p.Start, report), p.Totals.Revenue, $"{Label(p.Start, report)}: {Format(p.Totals.Revenue)} {currency}, {p.Totals.Orders} orders"))]));
        Table(html, "Revenue per bucket", ["Bucket", "Revenue", "Orders", "Buyers", "Customers created"],
            revenue.Trend.Select(p => new[] { Label(p.Start, report), Format(p.Totals.Revenue), Count(p.Totals.Orders), Count(p.Totals.Buyers), Count(p.NewCustomers) }));
        html.Append("</section>");
    }

    private static void Churn(StringBuilder html, AnalyticsReport report)
    {
        if (report.Churn is not { } churn)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"churn\"><h2 id=\"churn\">Churn</h2>");
        html.Append(Line("churn-chart", "Churn rate per bucket", $"Churn over the period: {Value(churn.Rate, report.Query.Currency)}.",
            [.. churn.Trend.Select(p => (Label(p.Point.Start, report), p.Rate, $"{Label(p.Point.Start, report)}: {p.Point.Churned} of {p.Point.ActiveAtStart} active customers churned"))]));
        Table(html, "Churn per bucket", ["Bucket", "Active at start", "Churned", "Rate"],
            churn.Trend.Select(p => new[] { Label(p.Point.Start, report), Count(p.Point.ActiveAtStart), Count(p.Point.Churned), p.Rate is { } r ? Percent(r) : "n/a" }));
        html.Append("</section>");
    }

    private static void Cohorts(StringBuilder html, AnalyticsReport report)
    {
        if (report.Cohorts is not { } cohorts)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"cohorts\"><h2 id=\"cohorts\">Retention by monthly cohort</h2>");
        var rows = cohorts.Rows.Select(r => ($"{r.Month:yyyy-MM} ({r.Size.ToString("N0", CultureInfo.InvariantCulture)})", r.Retention)).ToList();
        html.Append(Heatmap("cohort-chart", "Cohort retention heatmap",
            $"Share of each cohort (by {cohorts.Basis}) that bought in each month after the cohort month; {cohorts.Rows.Count} cohorts.", rows));
        html.Append("</section>");
    }

    private static void Funnel(StringBuilder html, AnalyticsReport report)
    {
        if (report.LifecycleFunnel is not { } funnel)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"funnel\"><h2 id=\"funnel\">Lifecycle funnel</h2>");
        html.Append(SvgCharts.Funnel("funnel-chart", "Lifecycle stage funnel of the customers created in the period",
            $"Conversion from lead to customer: {Value(funnel.Conversion, report.Query.Currency)}.",
            [.. funnel.Steps.Select(s => (s.Name, s.Reached, s.FromPrevious))]));
        html.Append("</section>");
    }

    private static void Acquisition(StringBuilder html, AnalyticsReport report)
    {
        if (report.Acquisition is not { } acquisition)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"acquisition\"><h2 id=\"acquisition\">Acquisition cost by channel</h2>");
        Table(html, "Acquisition cost by channel", ["Channel", "Cost", "New customers", "CAC"],
            acquisition.Channels.Select(c => new[] { c.Channel, Format(c.Cost), Count(c.NewCustomers), Value(c.Cac, report.Query.Currency) }), open: true);
        html.Append("</section>");
    }

    private static void LifetimeValue(StringBuilder html, AnalyticsReport report)
    {
        if (report.LifetimeValue is not { } clv)
        {
            return;
        }

        var currency = report.Query.Currency;
        html.Append("<section aria-labelledby=\"clv\"><h2 id=\"clv\">Customer lifetime value</h2>");
        Table(html, "Predictive lifetime value by segment", ["Segment", "Average order value", "Purchases per year", "Predictive CLV"],
            clv.Segments.Select(s => new[] { s.Segment, Value(s.AverageOrderValue, currency), Value(s.PurchaseFrequency, currency), Value(s.Predictive, currency) }), open: true);
        html.Append("</section>");
    }

    private static void Engagement(StringBuilder html, AnalyticsReport report)
    {
        if (report.Engagement is not { } engagement)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"engagement\"><h2 id=\"engagement\">Interactions</h2>");
        Table(html, "Interactions by channel and direction", ["Channel", "Direction", "Interactions"],
            engagement.Interactions.Select(i => new[] { i.Channel, i.Direction.ToString(), Count(i.Count) }), open: true);
        html.Append("</section>");
    }

    private static void Nps(StringBuilder html, AnalyticsReport report)
    {
        if (report.Nps is not { } nps)
        {
            return;
        }

        // NPS runs from -100 to 100 and the line chart draws shares from 0 up: each point is placed at (NPS + 100) / 200,
        // so the axis reads 50% at NPS 0 (said in the description); tooltips and the table carry the score itself.
        html.Append("<section aria-labelledby=\"nps\"><h2 id=\"nps\">Net promoter score</h2>");
        html.Append(Line("nps-chart", "Net promoter score per bucket",
            $"NPS over the period: {Value(nps.Overall, report.Query.Currency)}. Vertical axis: 0% is NPS -100, 50% is NPS 0, 100% is NPS +100.",
            [.. nps.Trend.Select(p => (Label(p.Start, report), (p.Nps + 100m) / 200m, $"{Label(p.Start, report)}: NPS {(p.Nps is { } v ? Format(decimal.Round(v, 1)) : "n/a")} from {p.Responses} responses"))]));
        Table(html, "NPS per bucket", ["Bucket", "Responses", "Promoters", "Detractors", "NPS"],
            nps.Trend.Select(p => new[] { Label(p.Start, report), Count(p.Responses), Count(p.Promoters), Count(p.Detractors), p.Nps is { } v ? Format(decimal.Round(v, 1)) : "n/a" }));
        html.Append("</section>");
    }

    private static void Support(StringBuilder html, AnalyticsReport report)
    {
        if (report.Support is not { } support)
        {
            return;
        }

        var currency = report.Query.Currency;
        html.Append("<section aria-labelledby=\"support\"><h2 id=\"support\">Support</h2>");
        html.Append(Bars("support-chart", "Mean hours to first response and to resolution", $"{support.Totals.Opened} cases opened in the period.",
            [
                ("First response", support.FirstResponseHours.Value ?? 0m, $"First response: {Value(support.FirstResponseHours, currency)} h over {support.Totals.Responded} cases"),
                ("Resolution", support.ResolutionHours.Value ?? 0m, $"Resolution: {Value(support.ResolutionHours, currency)} h over {support.Totals.Resolved} cases"),
            ]));
        Table(html, "Support metrics", ["Metric", "Value", "From"],
            [
                ["First response (hours)", Value(support.FirstResponseHours, currency), $"{support.Totals.Responded} of {support.Totals.Opened} cases"],
                ["Resolution (hours)", Value(support.ResolutionHours, currency), $"{support.Totals.Resolved} of {support.Totals.Opened} cases"],
                ["SLA compliance", Value(support.SlaCompliance, currency), $"{support.Totals.SlaMet} of {support.Totals.SlaDecided} milestones"],
            ], open: true);
        html.Append("</section>");
    }

    private static void PipelineVelocity(StringBuilder html, AnalyticsReport report)
    {
        if (report.PipelineVelocity is not { } velocity)
        {
            return;
        }

        var m = velocity.Metrics;
        html.Append("<section aria-labelledby=\"velocity\"><h2 id=\"velocity\">Pipeline velocity</h2>");
        Table(html, "Pipeline velocity", ["Open deals", "Win rate", "Average won deal", "Cycle (days)", "Velocity per day"],
            [[Count(m.OpenDeals), m.WinRate is { } w ? Percent(w) : "n/a", m.AverageDealSize is { } a ? Format(a) : "n/a", m.AverageCycleDays is { } c ? Format(c) : "n/a", Value(velocity.Velocity, report.Query.Currency)]], open: true);
        html.Append("</section>");
    }

    private static void DealFunnel(StringBuilder html, AnalyticsReport report)
    {
        if (report.DealFunnel is not { } funnel)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"deal-funnel\"><h2 id=\"deal-funnel\">Deal funnel</h2>");
        html.Append(SvgCharts.Funnel("deal-funnel-chart", "Deal funnel of the leads captured in the period",
            $"Conversion from lead to won deal: {Value(funnel.Conversion, report.Query.Currency)}.",
            [.. funnel.Steps.Select(s => (s.Name, s.Reached, s.FromPrevious))]));
        html.Append("</section>");
    }

    private static void CampaignRoi(StringBuilder html, AnalyticsReport report)
    {
        if (report.Campaigns is not { } campaigns)
        {
            return;
        }

        // Bars show revenue and cost side by side (both non-negative); the ROI itself, which can be negative, is in the
        // tooltips and the table.
        html.Append("<section aria-labelledby=\"campaigns\"><h2 id=\"campaigns\">Campaign ROI</h2>");
        html.Append(Bars("campaign-roi-chart", "Attributed revenue and cost per campaign sent in the period",
            $"{campaigns.Campaigns.Count} campaigns; ROI = (revenue - cost) / cost.",
            [.. campaigns.Campaigns.SelectMany(c => new[]
            {
                (c.Name + " revenue", c.Revenue, $"{c.Name}: revenue {Format(c.Revenue)} {c.Currency}, ROI {RoiText(c.Roi)}"),
                (c.Name + " cost", c.Cost, $"{c.Name}: cost {Format(c.Cost)} {c.Currency}, ROI {RoiText(c.Roi)}"),
            })]));
        Table(html, "Campaign ROI", ["Campaign", "Sent", "Revenue", "Cost", "ROI"],
            campaigns.Campaigns.Select(c => new[] { c.Name, c.SentAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{Format(c.Revenue)} {c.Currency}", $"{Format(c.Cost)} {c.Currency}", RoiText(c.Roi) }), open: true);
        html.Append("</section>");
    }

    private static string RoiText(KpiResult roi) => roi.Value is { } value ? Percent(value) : "n/a (" + roi.UndefinedReason + ")";

    private static void Omitted(StringBuilder html, AnalyticsReport report)
    {
        if (report.Omitted.Count == 0)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"omitted\"><h2 id=\"omitted\">Not in this report</h2>");
        Table(html, "Sections left out", ["Section", "Why"], report.Omitted.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new[] { o.Key, o.Value }), open: true);
        html.Append("</section>");
    }

    private static void Table(StringBuilder html, string caption, string[] headers, IEnumerable<string[]> rows, bool open = false)
    {
        html.Append(open ? "<table>" : "<details><summary>Data</summary><table>").Append("<caption>").Append(Text(caption)).Append("</caption><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(Text(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Text(row[i])).Append(i == 0 ? "</th>" : "</td>");
            }

            html.Append("</tr>");
        }

        html.Append(open ? "</tbody></table>" : "</tbody></table></details>");
    }

    private static string Value(KpiResult kpi, string currency) => kpi.Value is not { } value
        ? "n/a"
        : kpi.Definition.Unit switch
        {
            "money" => $"{value.ToString("#,0.00", CultureInfo.InvariantCulture)} {currency}",
            "ratio" => Percent(value),
            "perYear" => $"{value.ToString("0.##", CultureInfo.InvariantCulture)} / year",
            _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
        };

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Label(DateTimeOffset start, AnalyticsReport report) =>
        start.ToString(report.Query.Period.Granularity == PeriodGranularity.Month ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Range(ReportPeriod period) =>
        $"{period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (exclusive)";
}
