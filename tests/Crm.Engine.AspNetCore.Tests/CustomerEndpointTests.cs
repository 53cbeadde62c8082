using System.Net;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests;

[Collection(SharedWebHost.Name)]
public sealed class CustomerEndpointTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task Create_then_get_returns_the_customer_with_its_version_as_ETag_and_a_location()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var response = await client.PostAsync("/crm/customers", Http.Json("""{"firstName":"Ada","emails":[" ADA@Example.com "],"attributes":{"score":7,"vip":true,"tier":"gold"},"lifecycleStage":"Customer"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/crm/customers/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);

        var get = await client.GetAsync($"/crm/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        var customer = await get.ReadJsonAsync();
        Assert.Equal("ada@example.com", customer.GetProperty("emails")[0].GetString());
        Assert.Equal("Customer", customer.GetProperty("lifecycleStage").GetString());
        Assert.Equal(7, customer.GetProperty("attributes").GetProperty("score").GetDecimal());
        Assert.True(customer.GetProperty("attributes").GetProperty("vip").GetBoolean());
        Assert.Equal("gold", customer.GetProperty("attributes").GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_customer_is_a_404_problem()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = Guid.NewGuid();

        var response = await client.GetAsync($"/crm/customers/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(id.ToString(), problem.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Update_with_the_current_ETag_applies_and_a_stale_one_is_412_without_writing()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var first = await client.SendWithIfMatchAsync(HttpMethod.Put, $"/crm/customers/{id}", "\"1\"", """{"firstName":"Augusta","emails":["ada@example.com"]}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var stale = await client.SendWithIfMatchAsync(HttpMethod.Put, $"/crm/customers/{id}", "\"1\"", """{"firstName":"Lost","emails":["ada@example.com"]}""");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.ReadJsonAsync();
        Assert.Equal(1, problem.GetProperty("expectedVersion").GetInt64());
        Assert.Equal(2, problem.GetProperty("actualVersion").GetInt64());

        var stored = await (await client.GetAsync($"/crm/customers/{id}")).ReadJsonAsync();
        Assert.Equal("Augusta", stored.GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task Update_and_delete_without_If_Match_are_428()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var update = await client.SendWithIfMatchAsync(HttpMethod.Put, $"/crm/customers/{id}", null, """{"firstName":"X"}""");
        var delete = await client.SendWithIfMatchAsync(HttpMethod.Delete, $"/crm/customers/{id}", null);

        Assert.Equal(HttpStatusCode.PreconditionRequired, update.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, delete.StatusCode);
    }

    [Fact]
    public async Task Delete_with_the_current_ETag_removes_the_customer()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var delete = await client.SendWithIfMatchAsync(HttpMethod.Delete, $"/crm/customers/{id}", "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/crm/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_a_400_with_the_engine_field_paths()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/customers", Http.Json("""{"firstName":"Ada","emails":["not-an-email"],"demographics":{"country":"Germany"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("emails[0]", paths);
        Assert.Contains(paths, p => p!.Contains("country", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_with_the_JSON_path_line_and_column()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/customers", Http.Json("{\n  \"firstName\": \"Ada\",\n  \"emails\": 42\n}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors")[0];
        Assert.Equal("$.emails", error.GetProperty("path").GetString());
        Assert.Equal("json", error.GetProperty("rule").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_record_that_names_another_tenant_is_403()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/customers", Http.Json("""{"tenantId":"someone-else","firstName":"Ada"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("someone-else", (await response.ReadJsonAsync()).GetProperty("recordTenant").GetString());
    }

    [Fact]
    public async Task A_request_without_a_caller_is_401()
    {
        using var client = host.CreateClient(caller: null);

        var response = await client.GetAsync($"/crm/customers/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        using var acme = host.CreateClient(Http.NewTenant() + "/user-1");
        using var other = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = (await acme.CreateCustomerAsync()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/crm/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Search_pages_with_continuation_tokens_through_every_match()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        for (var i = 0; i < 5; i++)
        {
            await client.CreateCustomerAsync($"Match{i}", $"m{i}@example.com");
        }

        await client.CreateCustomerAsync("Other", "other@example.org");
        var condition = """{"field":"firstName","op":"startsWith","value":"Match"}""";
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var uri = "/crm/customers/search?pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var response = await client.PostAsync(uri, Http.Json(condition));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("firstName").GetString()!));
            token = page.GetProperty("continuationToken").ValueKind == JsonValueKind.Null ? null : page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.DoesNotContain("Other", seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_bad_condition_is_a_400_naming_where_it_is_wrong()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/customers/search", Http.Json("""{"field":"nosuchfield","op":"eq","value":1}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors")[0];
        Assert.False(string.IsNullOrEmpty(error.GetProperty("path").GetString()));
        Assert.Contains("nosuchfield", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_a_400_naming_the_parameter()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.GetAsync("/crm/customers?pageSize=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pageSize", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
    }
}
