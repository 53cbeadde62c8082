using System.Net;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests;

[Collection(SharedWebHost.Name)]
public sealed class CaseEndpointTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task A_case_is_opened_answered_resolved_and_shows_in_the_customer_360()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var opened = await client.PostAsync("/crm/cases", Http.Json($$"""{"customerId":"{{customerId}}","subject":"Parcel missing","priority":"High"}"""));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var caseId = (await opened.ReadJsonAsync()).GetProperty("id").GetGuid();
        var reply = await client.PostAsync($"/crm/cases/{caseId}/messages", Http.Json($$"""{"customerId":"{{customerId}}","channel":"email","direction":"Outbound","occurredAt":"2026-01-01T10:00:00Z","subject":"On it"}"""));
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var resolved = await (await client.PostAsync($"/crm/cases/{caseId}/status", Http.Json("""{"status":"Resolved"}"""))).ReadJsonAsync();

        Assert.Equal("Resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, resolved.GetProperty("firstResponseAt").ValueKind);
        var view = await (await client.GetAsync($"/crm/customers/{customerId}/360")).ReadJsonAsync();
        Assert.Equal(caseId, view.GetProperty("recentCases")[0].GetProperty("id").GetGuid());
        Assert.Equal(0, view.GetProperty("openCases").GetArrayLength());
        Assert.Equal("On it", view.GetProperty("timeline").GetProperty("items")[0].GetProperty("subject").GetString());
        var listed = await (await client.GetAsync($"/crm/cases?customerId={customerId}&status=Resolved")).ReadJsonAsync();
        Assert.Equal(1, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_case_is_404_and_an_invalid_one_is_400_naming_the_field()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var missing = await client.GetAsync($"/crm/cases/{Guid.NewGuid()}");
        var invalid = await client.PostAsync("/crm/cases", Http.Json($$"""{"customerId":"{{customerId}}","subject":" "}"""));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("subject", (await invalid.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Knowledge_articles_are_found_by_search()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var saved = await client.PostAsync("/crm/knowledge", Http.Json("""{"title":"How to get a refund","body":"Ask within 30 days.","tags":["billing"]}"""));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);

        var hits = await (await client.GetAsync("/crm/knowledge/search?q=refunds")).ReadJsonAsync();

        Assert.Equal("How to get a refund", hits[0].GetProperty("article").GetProperty("title").GetString());
    }
}
