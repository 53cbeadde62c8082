using Crm.Engine.Storage;
using Crm.Engine.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>Support: cases (open, list, get, assign, change status, add a message), the customer 360, knowledge search and alerts.</summary>
internal static class CaseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("", OpenAsync).WithName("OpenCase").Accepts<OpenCaseRequest>("application/json").Produces<SupportCase>(StatusCodes.Status201Created).ProducesValidationProblem();
        cases.MapGet("", ListAsync).WithName("ListCases").Produces<Page<SupportCase>>();
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase").Produces<SupportCase>().ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/{id:guid}/assignment", AssignAsync).WithName("AssignCase").Accepts<CaseAssignment>("application/json").Produces<SupportCase>();
        cases.MapPost("/{id:guid}/status", ChangeStatusAsync).WithName("ChangeCaseStatus").Accepts<CaseStatusChange>("application/json").Produces<SupportCase>().ProducesValidationProblem();
        cases.MapPost("/{id:guid}/messages", AddMessageAsync).WithName("AddCaseMessage").Accepts<Interaction>("application/json").Produces<Interaction>(StatusCodes.Status201Created);
        api.MapGet("/customers/{customerId:guid}/360", Customer360Async).WithTags("Cases").WithName("GetCustomer360").Produces<Customer360>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/knowledge/search", SearchAsync).WithTags("Knowledge").WithName("SearchKnowledge").Produces<IReadOnlyList<KnowledgeSearchHit>>();
        api.MapPost("/knowledge", SaveArticleAsync).WithTags("Knowledge").WithName("SaveKnowledgeArticle").Accepts<KnowledgeArticle>("application/json").Produces<KnowledgeArticle>(StatusCodes.Status201Created);
        api.MapGet("/alerts", AlertsAsync).WithTags("Cases").WithName("ListAlerts").Produces<Page<Alert>>();
    }

    private static async Task<IResult> OpenAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = await CrmJson.ReadBodyAsync<OpenCaseRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var opened = await CrmCallerFilter.Get(http).Cases.OpenAsync(request, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(opened.Version);
        return LocatedResult.Created(http, opened, opened.Id.ToString());
    }

    private static async Task<IResult> ListAsync(HttpContext http, Guid? customerId, CaseStatus? status, string? ownerId, string? teamId, bool? open, CancellationToken cancellationToken)
    {
        var query = new CaseQuery { CustomerId = customerId, Status = status, OwnerId = ownerId, TeamId = teamId, OpenOnly = open ?? false, Page = http.Request.ReadPage() };
        return TypedResults.Json(await CrmCallerFilter.Get(http).Cases.ListAsync(query, cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await CrmCallerFilter.Get(http).Cases.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(SupportCase), id);
        http.Response.SetETag(found.Version);
        return TypedResults.Json(found, CrmJson.Options);
    }

    private static async Task<IResult> AssignAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var body = await CrmJson.ReadBodyAsync<CaseAssignment>(http.Request, cancellationToken).ConfigureAwait(false);
        var assigned = await CrmCallerFilter.Get(http).Cases.AssignAsync(id, body.OwnerId, body.TeamId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(assigned, CrmJson.Options);
    }

    private static async Task<IResult> ChangeStatusAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var body = await CrmJson.ReadBodyAsync<CaseStatusChange>(http.Request, cancellationToken).ConfigureAwait(false);
        var changed = await CrmCallerFilter.Get(http).Cases.ChangeStatusAsync(id, body.Status, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(changed, CrmJson.Options);
    }

    private static async Task<IResult> AddMessageAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var message = await CrmJson.ReadBodyAsync<Interaction>(http.Request, cancellationToken).ConfigureAwait(false);
        var recorded = await CrmCallerFilter.Get(http).Cases.AddMessageAsync(id, message, cancellationToken).ConfigureAwait(false);
        return LocatedResult.Created(http, recorded, recorded.Id.ToString());
    }

    private static async Task<IResult> Customer360Async(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        var view = await CrmCallerFilter.Get(http).Customer360.GetAsync(new Customer360Request { CustomerId = customerId }, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), customerId);
        return TypedResults.Json(view, CrmJson.Options);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, string? q, string? tag, int? limit, CancellationToken cancellationToken)
    {
        var hits = await CrmCallerFilter.Get(http).Knowledge.SearchAsync(new KnowledgeSearch { Text = q ?? "", Tag = tag, Limit = limit ?? 10 }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(hits, CrmJson.Options);
    }

    private static async Task<IResult> SaveArticleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var article = await CrmJson.ReadBodyAsync<KnowledgeArticle>(http.Request, cancellationToken).ConfigureAwait(false);
        var saved = await CrmCallerFilter.Get(http).Knowledge.SaveAsync(article, cancellationToken).ConfigureAwait(false);
        return LocatedResult.Created(http, saved, saved.Id.ToString());
    }

    private static async Task<IResult> AlertsAsync(HttpContext http, Guid? customerId, string? rule, CancellationToken cancellationToken)
    {
        var page = await CrmCallerFilter.Get(http).Alerts.ListAsync(new AlertQuery { CustomerId = customerId, Rule = rule, Page = http.Request.ReadPage() }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(page, CrmJson.Options);
    }

    /// <summary>The body of an assignment: an agent, or none to let the team's strategy pick; optionally a new team.</summary>
    internal sealed record CaseAssignment(string? OwnerId, string? TeamId);

    /// <summary>The body of a status change.</summary>
    internal sealed record CaseStatusChange(CaseStatus Status);
}
