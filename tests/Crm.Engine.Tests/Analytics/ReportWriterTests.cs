using System.Text;
using System.Text.Json;
using Crm.Engine.Reports;

namespace Crm.Engine.Tests.Analytics;

public sealed class ReportWriterTests(AnalyticsFixture fixture) : IClassFixture<AnalyticsFixture>
{
    [Fact]
    public async Task Json_CarriesEverySectionAndTheInputs()
    {
        var json = await WriteAsync(ReportFormat.Json);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("EUR", root.GetProperty("query").GetProperty("currency").GetString());
        Assert.Equal(450m, root.GetProperty("revenue").GetProperty("totals").GetProperty("revenue").GetDecimal());
        var cac = root.GetProperty("acquisition").GetProperty("overall");
        Assert.Equal(400m, cac.GetProperty("value").GetDecimal()); // 800 / 2
        Assert.Equal(800m, cac.GetProperty("inputs").GetProperty("cost").GetDecimal());
        Assert.Equal("FirstPurchase", root.GetProperty("cohorts").GetProperty("basis").GetString());
        Assert.Equal(4, root.GetProperty("lifecycleFunnel").GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Csv_OneRowPerNumber_UndefinedValuesCarryTheReason()
    {
        var lines = (await WriteAsync(ReportFormat.Csv)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("section,metric,dimension,start,end,value,note", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("kpi,revenue,,2026-01-01T00:00:00.0000000+00:00,2026-04-01T00:00:00.0000000+00:00,450,", StringComparison.Ordinal));
        Assert.Contains("acquisition,cac,email,2026-01-01T00:00:00.0000000+00:00,2026-04-01T00:00:00.0000000+00:00,,newCustomers is 0", lines);
        Assert.Contains(lines, l => l.StartsWith("funnel,reached,Customer,", StringComparison.Ordinal) && l.EndsWith(",2,", StringComparison.Ordinal));
        Assert.Contains("cohorts,retention,2026-01+1,,,1,", lines);
    }

    [Fact]
    public async Task Html_SelfContained_NoScriptsNoExternalResources_TextEscaped()
    {
        var html = await WriteAsync(ReportFormat.Html);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("450 EUR", html, StringComparison.Ordinal);
        Assert.Contains("400.00 EUR", html, StringComparison.Ordinal); // CAC tile
        Assert.Contains("(all customers)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_EmptyReport_StillDrawsEveryChart()
    {
        var report = await fixture.EmptyTenant.Analytics.BuildReportAsync(AnalyticsFixture.Quarter);

        var html = AnalyticsReportWriter.ToHtml(report);

        // revenue, churn, cohorts, funnel, NPS, support, deal funnel, campaign ROI (no campaigns: an empty chart).
        Assert.Equal(8, CountOf(html, "<svg "));
        Assert.Contains("n/a", html, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(ReportFormat format)
    {
        var report = await fixture.Crm.Analytics.BuildReportAsync(AnalyticsFixture.Quarter);
        using var stream = new MemoryStream();
        await AnalyticsReportWriter.WriteAsync(report, format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
