using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>Maps the CRM's HTTP endpoints onto an ASP.NET Core application.</summary>
public static class CrmEndpointRouteBuilderExtensions
{
    /// <summary>The default route prefix of the API and the webhooks.</summary>
    public const string DefaultPrefix = "/crm";

    /// <summary>
    /// Maps the REST API (customers, interactions, segments, workflow instances, outbox messages) under
    /// <paramref name="prefix"/>. Every endpoint resolves its caller with <see cref="ICrmCallerResolver"/> (401 when
    /// there is none) and answers the engine's errors with problem details. Chain <c>RequireAuthorization()</c> on the
    /// returned group to apply the host's policies.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix; default <c>/crm</c>.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapCrmApi(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var api = endpoints.MapGroup(prefix)
            .AddEndpointFilter<CrmExceptionFilter>()
            .AddEndpointFilter<CrmCallerFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        CustomerEndpoints.Map(api);
        InteractionEndpoints.Map(api);
        SegmentEndpoints.Map(api);
        WorkflowEndpoints.Map(api);
        MessageEndpoints.Map(api);
        DealEndpoints.Map(api);
        CaseEndpoints.Map(api);
        Loyalty.LoyaltyEndpoints.Map(api);
        Reports.ReportEndpoints.Map(api);
        return api;
    }

    /// <summary>
    /// Maps <c>POST {prefix}/webhooks/{source}/{tenant}</c>: the raw body and headers go to the inbound webhook handler
    /// registered for <c>source</c> (a plugin id or a handler's channel), which verifies the signature. Accepted answers
    /// 200 (with the handler's response body, if any); an invalid signature 401, a malformed body 400, an unsupported
    /// event 422, an unknown source 404. These endpoints allow anonymous callers: the signature is the credential.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix; default <c>/crm</c>.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapCrmWebhooks(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var group = endpoints.MapGroup($"{prefix.TrimEnd('/')}/webhooks")
            .AllowAnonymous()
            .AddEndpointFilter<CrmExceptionFilter>();
        WebhookEndpoints.Map(group);
        endpoints.MapCrmCampaignTracking(prefix); // also anonymous, also signed: campaign pixels, clicks, unsubscribes
        return group;
    }
}
