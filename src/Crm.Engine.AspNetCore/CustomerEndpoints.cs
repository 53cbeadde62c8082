using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>Customers: read, create, update and delete with ETags, search with a condition document.</summary>
internal static class CustomerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/customers").WithTags("Customers");
        group.MapGet("/", ListAsync).WithName("ListCustomers").Produces<Page<Customer>>();
        group.MapPost("/search", SearchAsync).WithName("SearchCustomers")
            .Accepts<object>("application/json").Produces<Page<Customer>>().ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCustomer").Produces<Customer>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync).WithName("CreateCustomer")
            .Accepts<Customer>("application/json").Produces<Customer>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCustomer")
            .Accepts<Customer>("application/json").Produces<Customer>()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCustomer")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var page = await CrmCallerFilter.Get(http).Customers.SearchAsync((Conditions.Condition?)null, http.Request.ReadPage(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(page, CrmJson.Options);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var page = http.Request.ReadPage();
        var condition = await CrmJson.ReadTextAsync(http.Request, cancellationToken).ConfigureAwait(false);
        var crm = CrmCallerFilter.Get(http);
        var result = condition is null
            ? await crm.Customers.SearchAsync((Conditions.Condition?)null, page, cancellationToken).ConfigureAwait(false)
            : await crm.Customers.SearchAsync(condition, page, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(result, CrmJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var customer = await CrmCallerFilter.Get(http).Customers.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), id);
        http.Response.SetETag(customer.Version);
        return TypedResults.Json(customer, CrmJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<Customer>(http.Request, cancellationToken).ConfigureAwait(false);
        var created = await CrmCallerFilter.Get(http).Customers.CreateAsync(input, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(created.Version);
        return LocatedResult.Created(http, created, created.Id.ToString());
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ReadIfMatchVersion() is not { } version)
        {
            return HttpRequestExtensions.PreconditionRequired();
        }

        var input = await CrmJson.ReadBodyAsync<Customer>(http.Request, cancellationToken).ConfigureAwait(false);
        var updated = await CrmCallerFilter.Get(http).Customers.UpdateAsync(input with { Id = id, Version = version }, cancellationToken).ConfigureAwait(false);
        http.Response.SetETag(updated.Version);
        return TypedResults.Json(updated, CrmJson.Options);
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ReadIfMatchVersion() is not { } version)
        {
            return HttpRequestExtensions.PreconditionRequired();
        }

        await CrmCallerFilter.Get(http).Customers.DeleteAsync(id, version, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
