using Crm.Engine.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.AspNetCore;

/// <summary>Workflow instances: start one for a record, read it and its history, see and fire triggers.</summary>
internal static class WorkflowEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const string GetInstanceName = "GetWorkflowInstance";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/workflows/{workflowId}/instances", StartAsync).WithTags("Workflows").WithName("StartWorkflow")
            .Accepts<StartWorkflowRequest>("application/json").Produces<WorkflowInstance>(StatusCodes.Status201Created);
        var group = api.MapGroup("/workflow-instances").WithTags("Workflows");
        group.MapGet("/{id:guid}", GetAsync).WithName(GetInstanceName).Produces<WorkflowInstance>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetWorkflowHistory").Produces<IReadOnlyList<WorkflowHistoryEntry>>();
        group.MapGet("/{id:guid}/triggers", TriggersAsync).WithName("GetPermittedTriggers").Produces<IReadOnlyList<WorkflowTriggerAvailability>>();
        group.MapPost("/{id:guid}/triggers/{trigger}", FireAsync).WithName("FireTrigger")
            .Accepts<object>("application/json").Produces<WorkflowFireResult>().ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> StartAsync(string workflowId, HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<StartWorkflowRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var instance = await CrmCallerFilter.Get(http).Workflows.StartAsync(workflowId, input.EntityId, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(instance.Version);
        var location = http.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(http, GetInstanceName, new { id = instance.Id });
        var created = TypedResults.Json(instance, CrmJson.Options, statusCode: StatusCodes.Status201Created);
        return location is null ? created : new LocatedResult(created, location);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var instance = await CrmCallerFilter.Get(http).Workflows.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException("Workflow instance", id);
        http.Response.SetETag(instance.Version);
        return TypedResults.Json(instance, CrmJson.Options);
    }

    private static async Task<IResult> HistoryAsync(Guid id, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Json(await CrmCallerFilter.Get(http).Workflows.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false), CrmJson.Options);

    private static async Task<IResult> TriggersAsync(Guid id, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Json(await CrmCallerFilter.Get(http).Workflows.GetPermittedTriggersAsync(id, cancellationToken).ConfigureAwait(false), CrmJson.Options);

    private static async Task<IResult> FireAsync(Guid id, string trigger, HttpContext http, CancellationToken cancellationToken)
    {
        var payload = await CrmJson.ReadTextAsync(http.Request, cancellationToken).ConfigureAwait(false);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        var result = await CrmCallerFilter.Get(http).Workflows
            .FireAsync(id, trigger, payload, key.Length > 0 ? key : null, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(result.Instance.Version);
        return TypedResults.Json(result, CrmJson.Options);
    }
}
