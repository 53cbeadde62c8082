using System.Net;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests.Reports;

/// <summary>The analytics report streamed as JSON, CSV and HTML, the KPI endpoint, 400 naming the parameter and 403 without reports.read.</summary>
[Collection(SecuredWebHost.Name)]
public sealed class ReportEndpointTests(SecuredWebHostFixture host)
{
    private const string January = "from=2026-01-01&to=2026-02-01";

    [Fact]
    public async Task The_JSON_report_and_the_KPIs_count_the_purchases_of_the_period_in_the_currency()
    {
        var (client, _) = await TenantWithPurchasesAsync();

        var report = await client.GetAsync($"/crm/reports/analytics?{January}&format=json");
        var body = await report.ReadJsonAsync();
        var kpis = await (await client.GetAsync($"/crm/reports/kpis?{January}&currency=eur")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("application/json", report.Content.Headers.ContentType?.MediaType);
        Assert.Equal(150m, Kpi(body.GetProperty("tiles"), "revenue")); // 100 + 50; the USD purchase is left out
        Assert.Equal(150m, Kpi(kpis.GetProperty("kpis"), "revenue"));
        Assert.Equal(75m, Kpi(kpis.GetProperty("kpis"), "aov"));       // 150 / 2 orders
        Assert.Equal(1m, Kpi(kpis.GetProperty("kpis"), "customers.new"));
        Assert.Equal("EUR", kpis.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task The_CSV_report_is_one_row_per_number_and_named_for_its_period()
    {
        var (client, _) = await TenantWithPurchasesAsync();

        var response = await client.GetAsync($"/crm/reports/analytics?{January}&format=csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("analytics-20260101-20260201.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("section,metric,dimension,start,end,value,note", lines[0].TrimEnd('\r'));
        Assert.Contains(lines, line => line.Contains(",revenue,", StringComparison.Ordinal) && line.Contains(",150", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_HTML_report_is_a_self_contained_page_with_charts()
    {
        var (client, _) = await TenantWithPurchasesAsync();

        var response = await client.GetAsync($"/crm/reports/analytics?{January}&format=HTML&granularity=week");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("from=yesterday&to=2026-02-01", "from")]
    [InlineData("from=2026-01-01", "to")]
    [InlineData("from=2026-01-01&to=2026-13-01", "to")]
    [InlineData(January + "&format=pdf", "format")]
    [InlineData(January + "&format=1", "format")]
    [InlineData(January + "&granularity=hour", "granularity")]
    [InlineData(January + "&currency=EURO", "currency")]
    [InlineData(January + "&churnDays=0", "churnDays")]
    [InlineData(January + "&segment=nobody-saved-this", "segment")]
    [InlineData("from=2026-02-01&to=2026-01-01", "period")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        using var client = host.CreateClient(Http.NewTenant() + "/ann/analyst");

        var response = await client.GetAsync($"/crm/reports/analytics?{query}");
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_role_without_reports_read_gets_403_on_the_report_and_the_KPIs()
    {
        using var support = host.CreateClient(Http.NewTenant() + "/sue/support");

        var report = await support.GetAsync($"/crm/reports/analytics?{January}&format=csv");
        var kpis = await support.GetAsync($"/crm/reports/kpis?{January}");

        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        Assert.Equal("reports.read", (await report.ReadJsonAsync()).GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, kpis.StatusCode);
    }

    /// <summary>A tenant with one customer who bought for EUR 100 and EUR 50 in January 2026 and USD 999 (left out of EUR reports).</summary>
    private async Task<(HttpClient Analyst, Guid CustomerId)> TenantWithPurchasesAsync()
    {
        var tenant = Http.NewTenant();
        using var admin = host.CreateClient(tenant + "/root/admin");
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();
        var purchases = host.Engine.ForCaller(new CrmCaller(tenant, "root") { Roles = new HashSet<string> { "admin" } }).Purchases;
        foreach (var (day, amount, currency) in new[] { (10, 100m, "EUR"), (20, 50m, "EUR"), (21, 999m, "USD") })
        {
            await purchases.RecordAsync(new Purchase
            {
                CustomerId = customerId,
                PurchasedAt = new DateTimeOffset(2026, 1, day, 12, 0, 0, TimeSpan.Zero),
                Currency = currency,
                Lines = [new PurchaseLine("SKU-1", "Widget", 1, amount)],
            });
        }

        return (host.CreateClient(tenant + "/ann/analyst"), customerId);
    }

    private static decimal? Kpi(JsonElement tiles, string key)
    {
        var tile = tiles.EnumerateArray().Single(t => t.GetProperty("definition").GetProperty("key").GetString() == key);
        return tile.GetProperty("value").ValueKind == JsonValueKind.Null ? null : tile.GetProperty("value").GetDecimal();
    }
}
