using Microsoft.AspNetCore.Http;

namespace Crm.Engine.AspNetCore;

/// <summary>Answers the engine's exceptions with problem details; anything else reaches the host's handling.</summary>
internal sealed class CrmExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (CrmProblems.From(e, context.HttpContext) is { } problem)
        {
            return CrmProblems.Result(problem);
        }
    }
}
