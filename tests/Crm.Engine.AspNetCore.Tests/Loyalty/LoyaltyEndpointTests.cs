using System.Net;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests.Loyalty;

/// <summary>Loyalty over HTTP: balance and tier, the paged ledger, redemptions (idempotent, refused below zero), 404, 403, 400 and 501.</summary>
[Collection(SecuredWebHost.Name)]
public sealed class LoyaltyEndpointTests(SecuredWebHostFixture host)
{
    [Fact]
    public async Task Points_awarded_then_redeemed_show_in_the_balance_tier_and_a_ledger_paged_by_continuation_token()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var awarded = await admin.PostAsync($"/crm/customers/{customerId}/loyalty/postings", Http.Json("""{"kind":"Earn","points":500,"reason":"Welcome gift","idempotencyKey":"welcome"}"""));
        var redeemed = await admin.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":200,"reason":"Reward: tote bag","idempotencyKey":"order-17"}"""));
        var redeemedBody = await redeemed.ReadJsonAsync();
        var balance = await (await admin.GetAsync($"/crm/customers/{customerId}/loyalty")).ReadJsonAsync();
        var first = await (await admin.GetAsync($"/crm/customers/{customerId}/loyalty/ledger?pageSize=1")).ReadJsonAsync();
        var token = first.GetProperty("continuationToken").GetString();
        var second = await (await admin.GetAsync($"/crm/customers/{customerId}/loyalty/ledger?pageSize=1&continuationToken={Uri.EscapeDataString(token!)}")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, awarded.StatusCode);
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        Assert.Equal(-200, redeemedBody.GetProperty("entries")[0].GetProperty("points").GetInt64());
        Assert.Equal(300, redeemedBody.GetProperty("balance").GetProperty("balance").GetInt64()); // 500 - 200
        Assert.Equal(300, balance.GetProperty("balance").GetInt64());
        Assert.Equal(500, balance.GetProperty("lifetimePoints").GetInt64()); // the redemption does not reduce lifetime points
        Assert.Equal("Silver", balance.GetProperty("tier").GetString()); // 500 qualifying points: Silver (100) but not Gold (1,000)
        Assert.Equal("Test points", balance.GetProperty("program").GetString());
        Assert.Equal(2, balance.GetProperty("entryCount").GetInt64());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal("Earn", first.GetProperty("items")[0].GetProperty("kind").GetString()); // oldest first
        Assert.Equal("Redeem", second.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(300, second.GetProperty("items")[0].GetProperty("balanceAfter").GetInt64());
        Assert.False(second.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_repeated_redemption_key_answers_200_duplicate_and_takes_nothing_more()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/crm/customers/{customerId}/loyalty/postings", Http.Json("""{"kind":"Earn","points":100,"reason":"Gift","idempotencyKey":"gift"}"""))).StatusCode);
        var request = () => new HttpRequestMessage(HttpMethod.Post, $"/crm/customers/{customerId}/loyalty/redemptions")
        {
            Content = Http.Json("""{"points":30,"reason":"Coffee"}"""),
            Headers = { { "Idempotency-Key", "coffee-1" } },
        };

        var once = await admin.SendAsync(request());
        var again = await admin.SendAsync(request());
        var body = await again.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, once.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(70, body.GetProperty("balance").GetProperty("balance").GetInt64()); // 100 - 30, once
    }

    [Fact]
    public async Task A_customer_who_never_earned_has_a_zero_balance_and_an_empty_ledger()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var balance = await admin.GetAsync($"/crm/customers/{customerId}/loyalty");
        var ledger = await admin.GetAsync($"/crm/customers/{customerId}/loyalty/ledger");
        var body = await balance.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, balance.StatusCode);
        Assert.Equal(0, body.GetProperty("balance").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("tier").ValueKind);
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.Equal(0, (await ledger.ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_customer_is_404_on_the_balance_the_ledger_and_a_redemption()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");
        var unknown = Guid.NewGuid();

        var balance = await admin.GetAsync($"/crm/customers/{unknown}/loyalty");
        var ledger = await admin.GetAsync($"/crm/customers/{unknown}/loyalty/ledger");
        var redemption = await admin.PostAsync($"/crm/customers/{unknown}/loyalty/redemptions", Http.Json("""{"points":1,"reason":"x","idempotencyKey":"k"}"""));

        Assert.Equal(HttpStatusCode.NotFound, balance.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ledger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, redemption.StatusCode);
        Assert.Equal(unknown.ToString(), (await balance.ReadJsonAsync()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_body_field_or_parameter_and_a_redemption_above_the_balance_is_409()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var zero = await admin.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":0,"reason":"Coffee","idempotencyKey":"k1"}"""));
        var noKey = await admin.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":5,"reason":"Coffee"}"""));
        var badPage = await admin.GetAsync($"/crm/customers/{customerId}/loyalty/ledger?pageSize=0");
        var tooMuch = await admin.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":5,"reason":"Coffee","idempotencyKey":"k2"}"""));
        var tooMuchBody = await tooMuch.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("points", (await zero.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("idempotencyKey", (await noKey.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal("pageSize", (await badPage.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Equal(5, tooMuchBody.GetProperty("requested").GetInt64());
        Assert.Equal(0, tooMuchBody.GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task A_role_without_loyalty_read_or_write_gets_403_naming_the_permission()
    {
        var tenant = Http.NewTenant();
        using var admin = host.CreateClient(tenant + "/root/admin");
        using var auditor = host.CreateClient(tenant + "/audrey/auditor"); // customers.read, no loyalty.read
        using var support = host.CreateClient(tenant + "/sue/support");    // loyalty.read, no loyalty.write
        var customerId = (await admin.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var read = await auditor.GetAsync($"/crm/customers/{customerId}/loyalty");
        var ledger = await auditor.GetAsync($"/crm/customers/{customerId}/loyalty/ledger");
        var redeem = await support.PostAsync($"/crm/customers/{customerId}/loyalty/redemptions", Http.Json("""{"points":1,"reason":"x","idempotencyKey":"k"}"""));
        var supportRead = await support.GetAsync($"/crm/customers/{customerId}/loyalty");

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("loyalty.read", (await read.ReadJsonAsync()).GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ledger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, redeem.StatusCode);
        Assert.Equal("loyalty.write", (await redeem.ReadJsonAsync()).GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.OK, supportRead.StatusCode);
    }

    [Fact]
    public async Task The_program_endpoint_describes_the_tiers()
    {
        using var admin = host.CreateClient(Http.NewTenant() + "/root/admin");

        var program = await (await admin.GetAsync("/crm/loyalty/program")).ReadJsonAsync();

        Assert.Equal("Test points", program.GetProperty("name").GetString());
        Assert.Equal(["Silver", "Gold"], program.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }
}
