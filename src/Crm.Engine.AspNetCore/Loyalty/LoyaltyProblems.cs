using Microsoft.AspNetCore.Http;

namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>The problem answered when the engine has no loyalty program.</summary>
internal static class LoyaltyProblems
{
    /// <summary>
    /// 501 Not Implemented: the customer may well exist, but this server has no loyalty feature to answer with, so 404
    /// would mislead. The detail is the engine's message, which says how to install a program.
    /// </summary>
    public static IResult NotInstalled(HttpContext http, string detail)
    {
        var problem = CrmProblems.Create(StatusCodes.Status501NotImplemented, "No loyalty program is installed.", detail, ("feature", "loyalty"));
        problem.Instance = http.Request.Path;
        return CrmProblems.Result(problem);
    }
}
