using System.Net;

namespace Crm.Engine.AspNetCore.Tests.Loyalty;

/// <summary>The shared host has no loyalty program: the loyalty endpoints say so with 501 rather than a misleading 404.</summary>
[Collection(SharedWebHost.Name)]
public sealed class NoLoyaltyProgramTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task Without_a_program_the_loyalty_endpoints_answer_501_with_a_detail_that_says_how_to_install_one()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var balance = await client.GetAsync($"/crm/customers/{customerId}/loyalty");
        var redemption = await client.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":1,"reason":"x","idempotencyKey":"k"}"""));
        var problem = await balance.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.NotImplemented, balance.StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, redemption.StatusCode);
        Assert.Equal("application/problem+json", balance.Content.Headers.ContentType?.MediaType);
        Assert.Equal("loyalty", problem.GetProperty("feature").GetString());
        Assert.Contains("No loyalty program is installed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
