using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.AspNetCore;

/// <summary>Resolves the request's caller and binds an engine context to it; no caller answers 401.</summary>
internal sealed class CrmCallerFilter : IEndpointFilter
{
    private static readonly object ContextKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var resolver = http.RequestServices.GetRequiredService<ICrmCallerResolver>();
        var caller = await resolver.ResolveAsync(http, http.RequestAborted).ConfigureAwait(false);
        if (caller is null)
        {
            return CrmProblems.Result(CrmProblems.Create(StatusCodes.Status401Unauthorized, "No CRM caller.",
                "The request carries no authenticated user with a tenant and user id; authenticate with the host's scheme."));
        }

        var engine = http.RequestServices.GetRequiredService<ICrmEngine>();
        http.Items[ContextKey] = engine.ForCaller(caller);
        return await next(context).ConfigureAwait(false);
    }

    public static ICrmContext Get(HttpContext http) =>
        http.Items.TryGetValue(ContextKey, out var value) && value is ICrmContext crm
            ? crm
            : throw new InvalidOperationException("The CRM context is bound by the filter MapCrmApi adds; call the endpoint through MapCrmApi.");
}
