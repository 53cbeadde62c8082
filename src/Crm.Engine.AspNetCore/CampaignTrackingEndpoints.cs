using Crm.Engine.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.AspNetCore;

/// <summary>
/// Campaign tracking links: <c>GET {prefix}/campaigns/t/{token}</c> answers the open pixel (a transparent GIF), the
/// click (a redirect to the campaign's landing address) and an unsubscribe link (a confirmation page whose button
/// POSTs back); <c>POST</c> to the same address unsubscribes (also the RFC 8058 one-click POST of mail clients). The
/// token's HMAC signature is the credential, so these endpoints allow anonymous callers; a token that is not genuine
/// answers 404 and records nothing. Set <c>CampaignOptions.TrackingBaseUrl</c> to the public address of
/// <c>{prefix}/campaigns/t/</c>.
/// </summary>
public static class CampaignTrackingEndpoints
{
    // The smallest transparent GIF (1×1).
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>Maps the campaign tracking endpoints under <paramref name="prefix"/>.</summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix; default <c>/crm</c>.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapCrmCampaignTracking(this IEndpointRouteBuilder endpoints, string prefix = CrmEndpointRouteBuilderExtensions.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var group = endpoints.MapGroup($"{prefix.TrimEnd('/')}/campaigns/t").AllowAnonymous().WithTags("Campaign tracking");
        group.MapGet("/{token}", GetAsync).WithName("TrackCampaignLink").ExcludeFromDescription();
        group.MapPost("/{token}", PostAsync).WithName("UnsubscribeCampaignLink").ExcludeFromDescription().DisableAntiforgery();
        return group;
    }

    private static async Task<IResult> GetAsync(string token, HttpContext http, CancellationToken cancellationToken)
    {
        var handler = http.RequestServices.GetRequiredService<ICampaignTrackingHandler>();
        NoStore(http);
        switch (handler.Verify(token))
        {
            case null:
                return TypedResults.NotFound();
            case CampaignTrackingKind.Unsubscribe:
                // A GET only shows the button: link scanners fetch every link, and must not unsubscribe anyone.
                return TypedResults.Content(
                    "<!doctype html><meta charset=\"utf-8\"><title>Unsubscribe</title><form method=\"post\"><p>Stop receiving these messages?</p><button type=\"submit\">Unsubscribe</button></form>",
                    "text/html; charset=utf-8");
        }

        var result = await handler.HandleAsync(token, cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            return TypedResults.NotFound();
        }

        return result.Kind == CampaignTrackingKind.Click
            ? result.RedirectTo is { } target ? TypedResults.Redirect(target.AbsoluteUri) : TypedResults.NoContent()
            : TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<IResult> PostAsync(string token, HttpContext http, CancellationToken cancellationToken)
    {
        var handler = http.RequestServices.GetRequiredService<ICampaignTrackingHandler>();
        NoStore(http);
        if (handler.Verify(token) != CampaignTrackingKind.Unsubscribe)
        {
            return TypedResults.NotFound();
        }

        var result = await handler.HandleAsync(token, cancellationToken).ConfigureAwait(false);
        return result.Accepted
            ? TypedResults.Content("<!doctype html><meta charset=\"utf-8\"><title>Unsubscribed</title><p>You are unsubscribed.</p>", "text/html; charset=utf-8")
            : TypedResults.NotFound();
    }

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
