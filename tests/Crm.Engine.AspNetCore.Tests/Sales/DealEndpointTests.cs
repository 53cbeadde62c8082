using System.Net;

namespace Crm.Engine.AspNetCore.Tests.Sales;

[Collection(SharedWebHost.Name)]
public sealed class DealEndpointTests(CrmWebHostFixture host)
{
    private const string Pipeline = """
        {"name":"New business","stages":[
          {"id":"prospecting","name":"Prospecting","probability":10},
          {"id":"proposal","name":"Proposal","probability":50},
          {"id":"won","name":"Won","probability":100,"kind":"Won"},
          {"id":"lost","name":"Lost","probability":0,"kind":"Lost"}]}
        """;

    [Fact]
    public async Task Deals_are_created_listed_moved_and_forecast_over_http()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();
        var pipelineResponse = await client.PostAsync("/crm/pipelines", Http.Json(Pipeline));
        Assert.Equal(HttpStatusCode.Created, pipelineResponse.StatusCode);
        var pipelineId = (await pipelineResponse.ReadJsonAsync()).GetProperty("id").GetGuid();

        var created = await client.PostAsync("/crm/deals", Http.Json($$"""
            {"customerId":"{{customerId}}","pipelineId":"{{pipelineId}}","name":"Fleet","amount":12000.50,"currency":"EUR","ownerId":"alice","expectedCloseDate":"2030-05-20"}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var deal = await created.ReadJsonAsync();
        var dealId = deal.GetProperty("id").GetGuid();
        Assert.Equal(("prospecting", "Open"), (deal.GetProperty("stageId").GetString(), deal.GetProperty("status").GetString()));
        Assert.EndsWith($"/crm/deals/{dealId}", created.Headers.Location!.ToString(), StringComparison.Ordinal);

        var moved = await (await client.PostAsync($"/crm/deals/{dealId}/stage", Http.Json("""{"stageId":"proposal"}"""))).ReadJsonAsync();
        Assert.Equal((50m, "proposal"), (moved.GetProperty("probability").GetDecimal(), moved.GetProperty("stageId").GetString()));

        var history = await (await client.GetAsync($"/crm/deals/{dealId}/history")).ReadJsonAsync();
        Assert.Equal(["prospecting", "proposal"], history.EnumerateArray().Select(h => h.GetProperty("toStageId").GetString()));
        Assert.Equal("user-1", history[1].GetProperty("actor").GetString());

        var list = await (await client.GetAsync($"/crm/deals?pipelineId={pipelineId}&ownerId=alice&status=open")).ReadJsonAsync();
        Assert.Equal(dealId, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        // 12,000.50 x 50 % = 6,000.25 in the quarter starting 2030-04-01.
        var forecast = await (await client.GetAsync($"/crm/pipelines/{pipelineId}/forecast?currency=EUR&from=2030-01-01&to=2031-01-01&period=quarter")).ReadJsonAsync();
        var line = Assert.Single(forecast.EnumerateArray());
        Assert.Equal(("2030-04-01", "alice", 6000.25m), (line.GetProperty("periodStart").GetString(), line.GetProperty("ownerId").GetString(), line.GetProperty("weightedAmount").GetDecimal()));
    }

    [Fact]
    public async Task Moving_to_an_unknown_stage_is_a_400_naming_the_stages_and_an_unknown_deal_is_404()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();
        var pipelineId = (await (await client.PostAsync("/crm/pipelines", Http.Json(Pipeline))).ReadJsonAsync()).GetProperty("id").GetGuid();
        var dealId = (await (await client.PostAsync("/crm/deals", Http.Json($$"""
            {"customerId":"{{customerId}}","pipelineId":"{{pipelineId}}","name":"X","amount":1,"currency":"EUR"}
            """))).ReadJsonAsync()).GetProperty("id").GetGuid();

        var bad = await client.PostAsync($"/crm/deals/{dealId}/stage", Http.Json("""{"stageId":"closing"}"""));
        var missing = await client.GetAsync($"/crm/deals/{Guid.NewGuid()}");
        var badForecast = await client.GetAsync($"/crm/pipelines/{pipelineId}/forecast?currency=EUR&from=2030-13-01&to=2031-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("prospecting, proposal, won, lost", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badForecast.StatusCode);
        Assert.Equal("from", (await badForecast.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
    }
}
