using System.Globalization;
using Crm.Engine.Analytics;
using CsvHelper;

namespace Crm.Engine.Reports;

/// <summary>Flattens the report to one row per number: section, metric, dimension, bucket start and end, value, note.</summary>
internal static class ReportCsv
{
    public static async Task WriteAsync(AnalyticsReport report, TextWriter writer, CancellationToken cancellationToken)
    {
        var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            void Row(string section, string metric, string? dimension, DateTimeOffset? start, DateTimeOffset? end, decimal? value, string? note = null)
            {
                csv.WriteField(section);
                csv.WriteField(metric);
                csv.WriteField(dimension ?? "");
                csv.WriteField(start?.ToString("O", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(end?.ToString("O", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(value?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(note ?? "");
                csv.NextRecord();
            }

            void Kpi(string section, string? dimension, KpiResult kpi) =>
                Row(section, kpi.Definition.Key, dimension, report.Query.Period.From, report.Query.Period.To, kpi.Value, kpi.UndefinedReason);

            foreach (var header in new[] { "section", "metric", "dimension", "start", "end", "value", "note" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var tile in report.Tiles)
            {
                Kpi("kpi", null, tile);
            }

            if (report.Revenue is { } revenue)
            {
                foreach (var point in revenue.Trend)
                {
                    Row("revenue", "revenue", report.Query.Currency, point.Start, point.End, point.Totals.Revenue);
                    Row("revenue", "orders", null, point.Start, point.End, point.Totals.Orders);
                    Row("revenue", "buyers", null, point.Start, point.End, point.Totals.Buyers);
                    Row("revenue", "customersCreated", null, point.Start, point.End, point.NewCustomers);
                }
            }

            if (report.Acquisition is { } acquisition)
            {
                foreach (var channel in acquisition.Channels)
                {
                    Row("acquisition", "cost", channel.Channel, report.Query.Period.From, report.Query.Period.To, channel.Cost);
                    Row("acquisition", "newCustomers", channel.Channel, report.Query.Period.From, report.Query.Period.To, channel.NewCustomers);
                    Kpi("acquisition", channel.Channel, channel.Cac);
                }
            }

            if (report.LifetimeValue is { } clv)
            {
                foreach (var segment in clv.Segments)
                {
                    Kpi("lifetimeValue", segment.Segment, segment.AverageOrderValue);
                    Kpi("lifetimeValue", segment.Segment, segment.PurchaseFrequency);
                    Kpi("lifetimeValue", segment.Segment, segment.Predictive);
                }
            }

            if (report.Churn is { } churn)
            {
                foreach (var point in churn.Trend)
                {
                    Row("churn", "activeAtStart", null, point.Point.Start, point.Point.End, point.Point.ActiveAtStart);
                    Row("churn", "churned", null, point.Point.Start, point.Point.End, point.Point.Churned);
                    Row("churn", "churnRate", null, point.Point.Start, point.Point.End, point.Rate, point.Rate is null ? "activeAtStart is 0" : null);
                }
            }

            if (report.Cohorts is { } cohorts)
            {
                foreach (var row in cohorts.Rows)
                {
                    Row("cohorts", "size", row.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, null, row.Size);
                    for (var k = 0; k < row.Retention.Count; k++)
                    {
                        Row("cohorts", "retention", row.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture) + "+" + k.ToString(CultureInfo.InvariantCulture), null, null, row.Retention[k]);
                    }
                }
            }

            if (report.LifecycleFunnel is { } funnel)
            {
                foreach (var step in funnel.Steps)
                {
                    Row("funnel", "reached", step.Name, report.Query.Period.From, report.Query.Period.To, step.Reached);
                }
            }

            if (report.Engagement is { } engagement)
            {
                foreach (var count in engagement.Interactions)
                {
                    Row("engagement", "interactions", count.Channel + "/" + count.Direction, report.Query.Period.From, report.Query.Period.To, count.Count);
                }
            }

            if (report.Nps is { } nps)
            {
                Kpi("nps", null, nps.Overall);
                foreach (var point in nps.Trend)
                {
                    Row("nps", "responses", null, point.Start, point.End, point.Responses);
                    Row("nps", "promoters", null, point.Start, point.End, point.Promoters);
                    Row("nps", "detractors", null, point.Start, point.End, point.Detractors);
                    Row("nps", "nps", null, point.Start, point.End, point.Nps, point.Nps is null ? "responses is 0" : null);
                }
            }

            if (report.Support is { } support)
            {
                Row("support", "casesOpened", null, report.Query.Period.From, report.Query.Period.To, support.Totals.Opened);
                Kpi("support", null, support.FirstResponseHours);
                Kpi("support", null, support.ResolutionHours);
                Kpi("support", null, support.SlaCompliance);
            }

            if (report.PipelineVelocity is { } velocity)
            {
                Kpi("pipelineVelocity", velocity.PipelineId.ToString(), velocity.Velocity);
            }

            if (report.DealFunnel is { } dealFunnel)
            {
                foreach (var step in dealFunnel.Steps)
                {
                    Row("dealFunnel", "reached", step.Name, report.Query.Period.From, report.Query.Period.To, step.Reached);
                }

                Kpi("dealFunnel", null, dealFunnel.Conversion);
            }

            if (report.Campaigns is { } campaigns)
            {
                foreach (var campaign in campaigns.Campaigns)
                {
                    var dimension = campaign.CampaignId.ToString();
                    Row("campaigns", "revenue", dimension, report.Query.Period.From, report.Query.Period.To, campaign.Revenue, campaign.Currency);
                    Row("campaigns", "cost", dimension, report.Query.Period.From, report.Query.Period.To, campaign.Cost, campaign.Currency);
                    Kpi("campaigns", dimension, campaign.Roi);
                }
            }

            foreach (var (section, reason) in report.Omitted.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                Row(section, "omitted", null, null, null, null, reason);
            }

            await csv.FlushAsync().ConfigureAwait(false);
        }
    }
}
