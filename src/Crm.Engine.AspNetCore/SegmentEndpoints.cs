using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>Segments: save, read and delete definitions; count and page through their members, or both at once.</summary>
internal static class SegmentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/segments").WithTags("Segments");
        group.MapGet("/", ListAsync).WithName("ListSegments").Produces<IReadOnlyList<SegmentDefinition>>();
        group.MapGet("/{name}", GetAsync).WithName("GetSegment").Produces<SegmentDefinition>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", SaveAsync).WithName("SaveSegment")
            .Accepts<SaveSegmentRequest>("application/json").Produces<SegmentDefinition>().ProducesValidationProblem();
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteSegment").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/count", CountAsync).WithName("CountSegment").Produces<SegmentCount>();
        group.MapGet("/{name}/members", MembersAsync).WithName("GetSegmentMembers").Produces<Page<Customer>>();
        group.MapGet("/{name}/evaluation", EvaluateAsync).WithName("EvaluateSegment").Produces<SegmentEvaluation>();
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Json(await CrmCallerFilter.Get(http).Segments.ListAsync(cancellationToken).ConfigureAwait(false), CrmJson.Options);

    private static async Task<IResult> GetAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var segment = await CrmCallerFilter.Get(http).Segments.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException("Segment", name);
        return TypedResults.Json(segment, CrmJson.Options);
    }

    private static async Task<IResult> SaveAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<SaveSegmentRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        if (input.Condition.ValueKind is not System.Text.Json.JsonValueKind.Object)
        {
            throw new CrmValidationException("condition", "A segment needs a condition: a JSON object such as {\"field\": \"country\", \"op\": \"eq\", \"value\": \"DE\"}.", "required");
        }

        var saved = await CrmCallerFilter.Get(http).Segments
            .SaveAsync(new SegmentDefinition(name, input.Condition.GetRawText()) { Description = input.Description }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(saved, CrmJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext http, CancellationToken cancellationToken) =>
        await CrmCallerFilter.Get(http).Segments.DeleteAsync(name, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : throw new CrmNotFoundException("Segment", name);

    private static async Task<IResult> CountAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var count = await CrmCallerFilter.Get(http).Segments.CountAsync(name, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new SegmentCount(name, count), CrmJson.Options);
    }

    private static async Task<IResult> EvaluateAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var evaluation = await CrmCallerFilter.Get(http).Segments.EvaluateAsync(name, http.Request.ReadPage(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(evaluation, CrmJson.Options);
    }

    private static async Task<IResult> MembersAsync(string name, HttpContext http, CancellationToken cancellationToken)
    {
        var page = await CrmCallerFilter.Get(http).Segments.GetMembersAsync(name, http.Request.ReadPage(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(page, CrmJson.Options);
    }
}
