using System.Net;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests;

[Collection(SharedWebHost.Name)]
public sealed class InteractionAndWorkflowEndpointTests(CrmWebHostFixture host)
{
    [Fact]
    public async Task Recorded_interactions_come_back_newest_first_in_pages()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();
        for (var day = 1; day <= 3; day++)
        {
            var response = await client.PostAsync("/crm/interactions", Http.Json($$"""
                {"customerId":"{{customerId}}","channel":"email","direction":"Inbound","occurredAt":"2026-01-0{{day}}T10:00:00Z","subject":"day {{day}}"}
                """));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var first = await (await client.GetAsync($"/crm/customers/{customerId}/interactions?pageSize=2")).ReadJsonAsync();
        var subjects = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).ToList();
        Assert.Equal(["day 3", "day 2"], subjects);
        var token = first.GetProperty("continuationToken").GetString();
        var second = await (await client.GetAsync($"/crm/customers/{customerId}/interactions?pageSize=2&continuationToken={Uri.EscapeDataString(token!)}")).ReadJsonAsync();
        Assert.Equal("day 1", second.GetProperty("items")[0].GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task An_interaction_for_an_unknown_customer_is_rejected_naming_the_customer()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/interactions", Http.Json($$"""
            {"customerId":"{{Guid.NewGuid()}}","channel":"email","occurredAt":"2026-01-01T10:00:00Z"}
            """));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"status {response.StatusCode}");
        Assert.Contains("ustomer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interaction_missing_a_required_member_is_a_400_naming_it()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PostAsync("/crm/interactions", Http.Json("""{"channel":"email","occurredAt":"2026-01-01T10:00:00Z"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("customerId", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segments_list_is_empty_and_an_unknown_segment_is_404()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var list = await client.GetAsync("/crm/segments");
        var unknown = await client.GetAsync("/crm/segments/nosuch");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.ReadJsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_unknown_workflow_instance_is_404()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var id = Guid.NewGuid();

        var get = await client.GetAsync($"/crm/workflow-instances/{id}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(id.ToString(), (await get.ReadJsonAsync()).GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_workflow_instance_starts_shows_its_triggers_refuses_a_guarded_fire_and_moves_on_a_permitted_one()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();

        var start = await client.PostAsync("/crm/workflows/approval/instances", Http.Json($$"""{"entityId":"{{customerId}}"}"""));
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var instanceId = (await start.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/crm/workflow-instances/{instanceId}", start.Headers.Location?.OriginalString);

        var triggers = await (await client.GetAsync($"/crm/workflow-instances/{instanceId}/triggers")).ReadJsonAsync();
        Assert.Contains(triggers.EnumerateArray(), t => t.GetProperty("trigger").GetString() == "submit");

        var refused = await client.PostAsync($"/crm/workflow-instances/{instanceId}/triggers/submit", Http.Json("""{"amount":5000}"""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("draft", problem.GetProperty("state").GetString());
        Assert.Equal(1, problem.GetProperty("unmetGuards").GetArrayLength());

        var fired = await client.PostAsync($"/crm/workflow-instances/{instanceId}/triggers/submit", Http.Json("""{"amount":10}"""));
        Assert.Equal(HttpStatusCode.OK, fired.StatusCode);
        Assert.Equal("review", (await fired.ReadJsonAsync()).GetProperty("instance").GetProperty("state").GetString());
        var stored = await (await client.GetAsync($"/crm/workflow-instances/{instanceId}")).ReadJsonAsync();
        Assert.Equal("review", stored.GetProperty("state").GetString());
        Assert.Equal(2, (await (await client.GetAsync($"/crm/workflow-instances/{instanceId}/history")).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task A_fire_with_a_payload_that_breaks_the_trigger_schema_is_a_400()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        var customerId = (await client.CreateCustomerAsync()).GetProperty("id").GetGuid();
        var start = await client.PostAsync("/crm/workflows/approval/instances", Http.Json($$"""{"entityId":"{{customerId}}"}"""));
        var instanceId = (await start.ReadJsonAsync()).GetProperty("id").GetGuid();

        var response = await client.PostAsync($"/crm/workflow-instances/{instanceId}/triggers/submit", Http.Json("""{"amount":"lots"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task A_saved_segment_counts_and_pages_its_members_and_can_be_deleted()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");
        await client.CreateCustomerAsync("SegA", "a@example.com");
        await client.CreateCustomerAsync("SegB", "b@example.com");
        await client.CreateCustomerAsync("Other", "c@example.com");

        var save = await client.PutAsync("/crm/segments/seg-people", Http.Json("""{"condition":{"field":"firstName","op":"startsWith","value":"Seg"},"description":"test"}"""));
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);

        var count = await (await client.GetAsync("/crm/segments/seg-people/count")).ReadJsonAsync();
        Assert.Equal(2, count.GetProperty("count").GetInt64());
        var members = await (await client.GetAsync("/crm/segments/seg-people/members?pageSize=1")).ReadJsonAsync();
        Assert.Single(members.GetProperty("items").EnumerateArray());
        Assert.True(members.GetProperty("hasMore").GetBoolean());
        var evaluation = await (await client.GetAsync("/crm/segments/seg-people/evaluation?pageSize=1")).ReadJsonAsync();
        Assert.Equal(2, evaluation.GetProperty("count").GetInt64());
        Assert.Single(evaluation.GetProperty("members").GetProperty("items").EnumerateArray());
        Assert.True(evaluation.GetProperty("members").GetProperty("hasMore").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/crm/segments/seg-people")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/crm/segments/seg-people")).StatusCode);
    }

    [Fact]
    public async Task A_segment_with_an_unknown_field_is_a_400_naming_the_path()
    {
        using var client = host.CreateClient(Http.NewTenant() + "/user-1");

        var response = await client.PutAsync("/crm/segments/broken", Http.Json("""{"condition":{"all":[{"field":"country","op":"eq","value":"DE"},{"field":"emial","op":"eq","value":"x"}]}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors")[0];
        Assert.Contains("all[1]", error.GetProperty("path").GetString(), StringComparison.Ordinal);
    }
}
