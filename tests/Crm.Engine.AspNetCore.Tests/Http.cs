using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.Engine.AspNetCore.Tests;

internal static class Http
{
    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> CreateCustomerAsync(this HttpClient client, string firstName = "Ada", string email = "ada@example.com")
    {
        var response = await client.PostAsync("/crm/customers", Json($$$"""{"firstName":"{{{firstName}}}","lastName":"Lovelace","emails":["{{{email}}}"],"attributes":{"score":7,"vip":true}}"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> SendWithIfMatchAsync(this HttpClient client, HttpMethod method, string uri, string? etag, string? json = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = json is null ? null : Json(json) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string uri, T value) => client.PostAsJsonAsync(uri, value);
}
