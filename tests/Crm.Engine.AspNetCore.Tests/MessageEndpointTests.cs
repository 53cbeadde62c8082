using System.Net;

namespace Crm.Engine.AspNetCore.Tests;

[Collection(SharedWebHost.Name)]
public sealed class MessageEndpointTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task An_enqueued_message_can_be_read_listed_and_its_attempts_seen()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/messages", Http.Json($$"""
            {"channel":"{{RecordingChannelAdapter.Name}}","recipient":"+49301234567","textBody":"Your order shipped","idempotencyKey":"order-1"}
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/crm/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/crm/messages/{id}/attempts")).StatusCode);
        var list = await (await client.GetAsync("/crm/messages?pageSize=10")).ReadJsonAsync();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task An_unknown_message_is_404_for_read_attempts_and_requeue()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/crm/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/crm/messages/{id}/attempts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/crm/messages/{id}/requeue", null)).StatusCode);
    }

    [Fact]
    public async Task A_message_without_a_recipient_is_a_400_naming_it()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/messages", Http.Json($$"""{"channel":"{{RecordingChannelAdapter.Name}}","textBody":"hi"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "recipient");
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_400_naming_the_parameter()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.GetAsync("/crm/messages?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("status", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("path").GetString());
    }
}
