using Crm.Engine.Loyalty;
using Crm.Engine.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Crm.Engine.AspNetCore;

/// <summary>Maps the engine's exceptions to RFC 7807 problem details that carry the same information.</summary>
public static class CrmProblems
{
    /// <summary>
    /// Builds the problem details for an engine exception, or returns <see langword="null"/> for one the API does not
    /// translate (it then reaches the host's own exception handling).
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="httpContext">The request; a stale version answers 412 when it carried <c>If-Match</c>, 409 otherwise.</param>
    /// <returns>The problem details, or <see langword="null"/>.</returns>
    public static ProblemDetails? From(Exception exception, HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            CrmValidationException e => Validation(e),
            CrmNotFoundException e => Create(StatusCodes.Status404NotFound, "The record does not exist.", e.Message, ("entityType", e.EntityType), ("key", e.Key)),
            CrmConcurrencyException e => Create(
                httpContext.Request.Headers.ContainsKey(HeaderNames.IfMatch) ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
                "The record was changed by another writer.", e.Message,
                ("entityType", e.EntityType), ("id", e.Id), ("expectedVersion", e.ExpectedVersion), ("actualVersion", e.ActualVersion)),
            CrmDuplicateException e => Create(StatusCodes.Status409Conflict, "The record already exists.", e.Message, ("entityType", e.EntityType), ("id", e.Id)),
            CrmTenantMismatchException e => Create(StatusCodes.Status403Forbidden, "The record belongs to another tenant.", e.Message, ("callerTenant", e.SessionTenantId), ("recordTenant", e.RecordTenantId)),
            Security.CrmAccessDeniedException e => Create(StatusCodes.Status403Forbidden, "The caller lacks a permission.", e.Message,
                ("permission", e.Permission.ToString()), ("reason", e.Reason), ("recordType", e.Record?.RecordType), ("recordKey", e.Record?.RecordKey)),
            CrmInsufficientPointsException e => Create(StatusCodes.Status409Conflict, "The balance is too low.", e.Message,
                ("customerId", e.CustomerId), ("requested", e.Requested), ("available", e.Available)),
            CrmWorkflowTriggerException e => Create(StatusCodes.Status409Conflict, "The trigger is not permitted in the instance's state.", e.Message,
                ("instanceId", e.InstanceId), ("state", e.State), ("trigger", e.Trigger), ("unmetGuards", e.UnmetGuards)),
            _ => null,
        };
        if (problem is not null)
        {
            problem.Instance = httpContext.Request.Path;
        }

        return problem;
    }

    /// <summary>Builds a problem details object with a status, title, detail and extension members.</summary>
    internal static ProblemDetails Create(int status, string title, string? detail, params (string Name, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    /// <summary>Writes a problem details response.</summary>
    internal static IResult Result(ProblemDetails problem) =>
        TypedResults.Json(problem, CrmJson.Options, "application/problem+json", problem.Status);

    private static ProblemDetails Validation(CrmValidationException e)
    {
        var errors = e.Errors.Select(error => new CrmProblemError(error.Path, error.Message, error.Rule, error.Source, error.Line, error.Column)).ToList();
        return Create(StatusCodes.Status400BadRequest, "The request is invalid.",
            errors.Count == 1 ? errors[0].Message : $"{errors.Count} fields are invalid; see errors.", ("errors", errors));
    }
}
