using Crm.Engine.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore;

/// <summary>
/// Inbound channel webhooks: the raw request goes to the handler registered for the source (a plugin id or a handler's
/// channel), which verifies its signature. No user authentication applies: the signature is the credential.
/// </summary>
internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        // No Accepts metadata: providers post JSON, form bodies or anything else, and only the plugin knows which.
        group.MapPost("/{source}/{tenant}", HandleAsync).WithTags("Webhooks").WithName("ReceiveWebhook")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> HandleAsync(string source, string tenant, HttpContext http, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var limit = services.GetService<IOptions<CrmApiOptions>>()?.Value.MaxWebhookBodyBytes ?? new CrmApiOptions().MaxWebhookBodyBytes;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(WebhookEndpoints).FullName!) ?? NullLogger.Instance;
        var body = await ReadBodyAsync(http.Request, limit, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            CrmHttpLog.WebhookTooLarge(logger, source, tenant, limit);
            return CrmProblems.Result(CrmProblems.Create(StatusCodes.Status413PayloadTooLarge, "The webhook body is too large.",
                $"Webhook bodies are limited to {limit} bytes (CrmApiOptions.MaxWebhookBodyBytes)."));
        }

        var request = new InboundWebhookRequest
        {
            TenantId = tenant,
            Method = http.Request.Method,
            Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
            ReceivedAt = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow(),
        };
        var crm = services.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(tenant));
        var outcome = await crm.Messages.HandleWebhookAsync(source, request, cancellationToken).ConfigureAwait(false);
        var result = outcome.Result;
        if (result.IsAccepted)
        {
            CrmHttpLog.WebhookAccepted(logger, source, tenant, result.Messages.Count);
            return result.ResponseBody is { } response
                ? TypedResults.Text(response, LooksLikeJson(response) ? "application/json" : "text/plain; charset=utf-8")
                : TypedResults.Ok();
        }

        CrmHttpLog.WebhookRejected(logger, source, tenant, result.Rejection?.ToString() ?? "", result.Reason);
        var status = result.Rejection switch
        {
            InboundRejectionKind.InvalidSignature => StatusCodes.Status401Unauthorized,
            InboundRejectionKind.Malformed => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return CrmProblems.Result(CrmProblems.Create(status, "The webhook was rejected.", result.Reason,
            ("source", source), ("rejection", result.Rejection?.ToString())));
    }

    // Reads at most limit bytes; null when the body is larger, without buffering the excess.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }
}
