using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Crm.Engine.AspNetCore;

/// <summary>Adds a <c>Location</c> header to a result (a created record written with the API's JSON options).</summary>
internal sealed class LocatedResult(IResult inner, string location) : IResult
{
    /// <summary>A 201 with the record as JSON and a location below the request path.</summary>
    public static IResult Created<T>(HttpContext http, T value, string relativeId) => new LocatedResult(
        TypedResults.Json(value, CrmJson.Options, statusCode: StatusCodes.Status201Created),
        $"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{Uri.EscapeDataString(relativeId)}");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers[HeaderNames.Location] = location;
        return inner.ExecuteAsync(httpContext);
    }
}
