using System.Globalization;
using Crm.Engine.Sales;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.AspNetCore;

/// <summary>
/// Pipelines and deals: create pipelines, list/get/create deals, move a deal's stage, read its stage history, and the
/// weighted forecast of a pipeline.
/// </summary>
internal static class DealEndpoints
{
    private const string GetDealName = "GetDeal";
    private const string GetPipelineName = "GetPipeline";

    public static void Map(RouteGroupBuilder api)
    {
        var pipelines = api.MapGroup("/pipelines").WithTags("Deals");
        pipelines.MapPost("/", CreatePipelineAsync).WithName("CreatePipeline").Accepts<Pipeline>("application/json")
            .Produces<Pipeline>(StatusCodes.Status201Created).ProducesValidationProblem();
        pipelines.MapGet("/{id:guid}", GetPipelineAsync).WithName(GetPipelineName).Produces<Pipeline>().ProducesProblem(StatusCodes.Status404NotFound);
        pipelines.MapGet("/{id:guid}/forecast", ForecastAsync).WithName("GetForecast").Produces<IReadOnlyList<ForecastLine>>().ProducesValidationProblem();

        var deals = api.MapGroup("/deals").WithTags("Deals");
        deals.MapGet("/", ListAsync).WithName("ListDeals").Produces<Storage.Page<Deal>>();
        deals.MapPost("/", CreateAsync).WithName("CreateDeal").Accepts<Deal>("application/json").Produces<Deal>(StatusCodes.Status201Created).ProducesValidationProblem();
        deals.MapGet("/{id:guid}", GetAsync).WithName(GetDealName).Produces<Deal>().ProducesProblem(StatusCodes.Status404NotFound);
        deals.MapPost("/{id:guid}/stage", MoveAsync).WithName("MoveDealStage").Accepts<MoveDealStageRequest>("application/json")
            .Produces<Deal>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        deals.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetDealStageHistory").Produces<IReadOnlyList<DealStageChange>>();
    }

    private static async Task<IResult> CreatePipelineAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<Pipeline>(http.Request, cancellationToken).ConfigureAwait(false);
        var pipeline = await CrmCallerFilter.Get(http).Deals.SavePipelineAsync(input with { Version = 0 }, cancellationToken).ConfigureAwait(false);
        return Created(http, pipeline, GetPipelineName, pipeline.Id, pipeline.Version);
    }

    private static async Task<IResult> GetPipelineAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var pipeline = await CrmCallerFilter.Get(http).Deals.GetPipelineAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), id);
        http.Response.SetETag(pipeline.Version);
        return TypedResults.Json(pipeline, CrmJson.Options);
    }

    private static async Task<IResult> ForecastAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var currency = query["currency"].ToString();
        if (currency.Length == 0)
        {
            throw new CrmValidationException("currency", "The forecast needs a currency query parameter, such as ?currency=EUR.", "required");
        }

        var period = query["period"].ToString() switch
        {
            "" or "month" => ForecastPeriod.Month,
            "quarter" => ForecastPeriod.Quarter,
            var other => throw new CrmValidationException("period", $"'{other}' is not a forecast period; use month or quarter.", "enum"),
        };
        var forecast = new ForecastQuery(id, currency, Date(query["from"].ToString(), "from"), Date(query["to"].ToString(), "to"), period)
        {
            OwnerId = query["ownerId"].ToString() is { Length: > 0 } owner ? owner : null,
        };
        return TypedResults.Json(await CrmCallerFilter.Get(http).Deals.ForecastAsync(forecast, cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var dealQuery = new DealQuery
        {
            PipelineId = OptionalGuid(query["pipelineId"].ToString(), "pipelineId"),
            CustomerId = OptionalGuid(query["customerId"].ToString(), "customerId"),
            OwnerId = query["ownerId"].ToString() is { Length: > 0 } owner ? owner : null,
            StageId = query["stageId"].ToString() is { Length: > 0 } stage ? stage : null,
            Status = query["status"].ToString() is { Length: > 0 } status
                ? Enum.TryParse<DealStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new CrmValidationException("status", $"'{status}' is not a deal status; use Open, Won or Lost.", "enum")
                : null,
            Page = http.Request.ReadPage(),
        };
        return TypedResults.Json(await CrmCallerFilter.Get(http).Deals.ListAsync(dealQuery, cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<Deal>(http.Request, cancellationToken).ConfigureAwait(false);
        var deal = await CrmCallerFilter.Get(http).Deals.CreateAsync(input, cancellationToken).ConfigureAwait(false);
        return Created(http, deal, GetDealName, deal.Id, deal.Version);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var deal = await CrmCallerFilter.Get(http).Deals.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Deal), id);
        http.Response.SetETag(deal.Version);
        return TypedResults.Json(deal, CrmJson.Options);
    }

    private static async Task<IResult> MoveAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<MoveDealStageRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(input.StageId))
        {
            throw new CrmValidationException("stageId", "Name the stage to move the deal to.", "required");
        }

        var deal = await CrmCallerFilter.Get(http).Deals.MoveStageAsync(id, input.StageId, input.LostReason, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(deal.Version);
        return TypedResults.Json(deal, CrmJson.Options);
    }

    private static async Task<IResult> HistoryAsync(Guid id, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Json(await CrmCallerFilter.Get(http).Deals.GetStageHistoryAsync(id, cancellationToken).ConfigureAwait(false), CrmJson.Options);

    private static IResult Created<T>(HttpContext http, T value, string routeName, Guid id, long version)
    {
        http.Response.SetETag(version);
        var location = http.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(http, routeName, new { id });
        var created = TypedResults.Json(value, CrmJson.Options, statusCode: StatusCodes.Status201Created);
        return location is null ? created : new LocatedResult(created, location);
    }

    private static DateOnly Date(string text, string parameter) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CrmValidationException(parameter, $"'{text}' is not a date; give {parameter} as yyyy-MM-dd.", "date");

    private static Guid? OptionalGuid(string text, string parameter) =>
        text.Length == 0 ? null
        : Guid.TryParse(text, out var id) ? id
        : throw new CrmValidationException(parameter, $"'{text}' is not an identifier.", "guid");

    /// <summary>The body that moves a deal to a stage.</summary>
    /// <param name="StageId">The target stage key.</param>
    /// <param name="LostReason">Why, when the target is a lost stage.</param>
    internal sealed record MoveDealStageRequest(string StageId, string? LostReason = null);
}
