using System.Net;
using System.Text;

namespace Crm.Engine.AspNetCore.Tests;

[Collection(SharedWebHost.Name)]
public sealed class WebhookAndHealthTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task A_signed_webhook_is_accepted_without_user_authentication_and_answers_the_handler_body()
    {
        using var client = host.CreateClient(caller: null);
        var body = Encoding.UTF8.GetBytes("""{"event":"message","text":"hello"}""");
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation(SignedWebhookHandler.SignatureHeader, SignedWebhookHandler.Sign(body));

        var response = await client.PostAsync($"/crm/webhooks/{SignedWebhookHandler.Source}/acme", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"tenant":"acme","bytes":{{body.Length}}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webhook_with_a_bad_signature_is_401()
    {
        using var client = host.CreateClient(caller: null);
        using var content = new StringContent("""{"event":"message"}""", Encoding.UTF8, "application/json");
        content.Headers.TryAddWithoutValidation(SignedWebhookHandler.SignatureHeader, new string('0', 64));

        var response = await client.PostAsync($"/crm/webhooks/{SignedWebhookHandler.Source}/acme", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("InvalidSignature", problem.GetProperty("rejection").GetString());
    }

    [Fact]
    public async Task A_signed_but_malformed_webhook_is_400()
    {
        using var client = host.CreateClient(caller: null);
        using var content = new ByteArrayContent([]);
        content.Headers.TryAddWithoutValidation(SignedWebhookHandler.SignatureHeader, SignedWebhookHandler.Sign([]));

        var response = await client.PostAsync($"/crm/webhooks/{SignedWebhookHandler.Source}/acme", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_webhook_body_over_the_limit_is_413_and_never_reaches_the_handler()
    {
        using var client = host.CreateClient(caller: null);
        var body = new byte[(1024 * 1024) + 1];
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation(SignedWebhookHandler.SignatureHeader, SignedWebhookHandler.Sign(body));

        var response = await client.PostAsync($"/crm/webhooks/{SignedWebhookHandler.Source}/acme", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_webhook_for_an_unknown_source_is_404()
    {
        using var client = host.CreateClient(caller: null);

        var response = await client.PostAsync("/crm/webhooks/nosuchplugin/acme", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("nosuchplugin", (await response.ReadJsonAsync()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task Health_reports_healthy_for_a_reachable_storage_and_an_idle_outbox()
    {
        using var client = host.CreateClient(caller: null);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_CRM_endpoints()
    {
        using var client = host.CreateClient(caller: null);

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/crm/customers/{id}", paths);
        Assert.Contains("/crm/customers/{customerId}/interactions", paths);
        Assert.Contains("/crm/workflow-instances/{id}/triggers/{trigger}", paths);
        Assert.Contains("/crm/webhooks/{source}/{tenant}", paths);
        Assert.Contains("/crm/customers/{customerId}/loyalty", paths);
        Assert.Contains("/crm/customers/{customerId}/loyalty/ledger", paths);
        Assert.Contains("/crm/customers/{customerId}/loyalty/redemptions", paths);
        Assert.Contains("/crm/customers/{customerId}/loyalty/postings", paths);
        Assert.Contains("/crm/loyalty/program", paths);
        Assert.Contains("/crm/reports/analytics", paths);
        Assert.Contains("/crm/reports/kpis", paths);
        var formats = document.GetProperty("paths").GetProperty("/crm/reports/analytics").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content")
            .EnumerateObject().Select(c => c.Name).ToList();
        Assert.Equal(["application/json", "text/csv", "text/html"], formats.Order(StringComparer.Ordinal));
    }
}
