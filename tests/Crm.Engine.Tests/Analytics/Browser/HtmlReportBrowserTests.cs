using System.Text.Json.Nodes;
using Crm.Engine.Reports;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Analytics.Browser;

/// <summary>
/// Renders the HTML report of the fixed data set in headless Chromium and checks the charts are drawn: every chart SVG
/// has a non-zero size, an accessible name and marks inside; no console errors, exceptions or network requests.
/// Saves a screenshot (and the page) under <c>TestArtifacts/</c> beside the test assembly.
/// </summary>
public sealed class HtmlReportBrowserTests(AnalyticsFixture fixture, ITestOutputHelper output) : IClassFixture<AnalyticsFixture>
{
    private const string ChartsProbe = """
        JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {
          const box = s.getBoundingClientRect();
          const names = (s.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)?.textContent || '');
          return { id: s.id, width: box.width, height: box.height, role: s.getAttribute('role'), name: names.join(' | '),
                   marks: [...s.querySelectorAll('rect,circle,path')].filter(m => { const b = m.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length };
        }))
        """;

    [Fact]
    public async Task HtmlReport_InHeadlessChromium_DrawsEveryChartWithoutErrors()
    {
        var executable = HeadlessChromium.FindExecutable();
        Assert.True(executable is not null, "Chromium is not installed: run .ci/install-prerequisites (apt-get install chromium) or set CRM_CHROMIUM.");
        var report = await fixture.Crm.Analytics.BuildReportAsync(AnalyticsFixture.Quarter with { Segments = ["buyers"] });
        var artifacts = Path.Combine(AppContext.BaseDirectory, "TestArtifacts");
        Directory.CreateDirectory(artifacts);
        var page = Path.Combine(artifacts, "analytics-report.html");
        await File.WriteAllTextAsync(page, AnalyticsReportWriter.ToHtml(report));

        await using var browser = await HeadlessChromium.StartAsync(executable!);
        await browser.NavigateAsync(new Uri(page));
        var charts = JsonNode.Parse((await browser.EvaluateAsync(ChartsProbe))!.GetValue<string>())!.AsArray();
        var screenshot = Path.Combine(artifacts, "analytics-report.png");
        await File.WriteAllBytesAsync(screenshot, await browser.ScreenshotAsync());
        output.WriteLine($"Screenshot: {screenshot}");

        Assert.Equal(["revenue-chart", "churn-chart", "cohort-chart", "funnel-chart", "nps-chart", "support-chart", "deal-funnel-chart", "campaign-roi-chart"], charts.Select(c => c!["id"]!.GetValue<string>()));
        foreach (var chart in charts)
        {
            var id = chart!["id"]!.GetValue<string>();
            Assert.True(chart["width"]!.GetValue<double>() > 0 && chart["height"]!.GetValue<double>() > 0, $"{id} has no size");
            Assert.Equal("img", chart["role"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(chart["name"]!.GetValue<string>().Replace("|", "", StringComparison.Ordinal)), $"{id} has no accessible name");
            Assert.True(chart["marks"]!.GetValue<int>() > 0, $"{id} draws nothing");
        }

        // 3 revenue bars; 4 funnel steps; cohort cells Jan (3) + Mar (1) = 4.
        Assert.True(charts[0]!["marks"]!.GetValue<int>() >= 3);
        Assert.True(charts[2]!["marks"]!.GetValue<int>() >= 4);
        Assert.True(charts[3]!["marks"]!.GetValue<int>() >= 4);
        var problems = browser.Events
            .Where(e => e["method"]!.GetValue<string>() switch
            {
                "Runtime.exceptionThrown" => true,
                "Runtime.consoleAPICalled" => e["params"]!["type"]!.GetValue<string>() is "error" or "warning",
                "Log.entryAdded" => e["params"]!["entry"]!["level"]!.GetValue<string>() == "error",
                "Network.requestWillBeSent" => !e["params"]!["request"]!["url"]!.GetValue<string>().StartsWith("file:", StringComparison.Ordinal),
                _ => false,
            })
            .Select(e => e.ToJsonString())
            .ToList();
        Assert.Empty(problems);
        Assert.True(new FileInfo(screenshot).Length > 1000, "the screenshot is empty");
    }
}
