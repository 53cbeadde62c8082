using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>Interactions: a customer's timeline (newest first, paged) and recording one.</summary>
internal static class InteractionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/customers/{customerId:guid}/interactions", TimelineAsync).WithTags("Interactions").WithName("GetTimeline")
            .Produces<Page<Interaction>>();
        api.MapPost("/interactions", RecordAsync).WithTags("Interactions").WithName("RecordInteraction")
            .Accepts<Interaction>("application/json").Produces<Interaction>(StatusCodes.Status201Created).ProducesValidationProblem();
    }

    private static async Task<IResult> TimelineAsync(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        var page = await CrmCallerFilter.Get(http).Interactions.GetTimelineAsync(customerId, http.Request.ReadPage(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(page, CrmJson.Options);
    }

    private static async Task<IResult> RecordAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<Interaction>(http.Request, cancellationToken).ConfigureAwait(false);
        var recorded = await CrmCallerFilter.Get(http).Interactions.RecordAsync(input, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(recorded.Version);
        return LocatedResult.Created(http, recorded, recorded.Id.ToString());
    }
}
