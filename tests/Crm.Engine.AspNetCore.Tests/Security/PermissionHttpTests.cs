using System.Net;
using System.Text.Json;
using Crm.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests.Security;

/// <summary>With permissions enforced, roles come from claims, a denial answers 403 naming the permission, and reads are masked.</summary>
public sealed class PermissionHttpTests : IAsyncLifetime
{
    private LoopbackWebHost? _host;

    [Fact]
    public async Task A_caller_whose_roles_lack_the_permission_gets_403_problem_details_naming_it()
    {
        using var client = Client("acme/rita/readonly");

        var response = await client.PostAsync("/crm/customers", Http.Json("""{"firstName":"Ada"}"""));
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("customers.write", problem.GetProperty("permission").GetString());
        Assert.Contains("readonly", problem.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Roles_from_claims_grant_writes_and_sensitive_fields_are_masked_for_roles_without_read_sensitive()
    {
        using var admin = Client("acme/root/admin");
        using var sales = Client("acme/sam/sales");

        var created = await admin.PostAsync("/crm/customers", Http.Json("""{"firstName":"Ada","emails":["ada@example.com"],"demographics":{"incomeBand":"high","city":"Leeds"}}"""));
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        var seenBySales = await (await sales.GetAsync($"/crm/customers/{id}")).ReadJsonAsync();
        var seenByAdmin = await (await admin.GetAsync($"/crm/customers/{id}")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Leeds", seenBySales.GetProperty("demographics").GetProperty("city").GetString());
        Assert.True(!seenBySales.GetProperty("demographics").TryGetProperty("incomeBand", out var band) || band.ValueKind == JsonValueKind.Null);
        Assert.Equal("high", seenByAdmin.GetProperty("demographics").GetProperty("incomeBand").GetString());
    }

    public async Task InitializeAsync() => _host = await LoopbackWebHost.StartAsync(engine => engine.ConfigureSecurity());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private HttpClient Client(string caller) => _host!.CreateClient(caller);
}
