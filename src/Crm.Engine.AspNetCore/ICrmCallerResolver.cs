using Microsoft.AspNetCore.Http;

namespace Crm.Engine.AspNetCore;

/// <summary>
/// Turns an authenticated HTTP request into the <see cref="CrmCaller"/> the engine confines the call to.
/// The package authenticates nobody itself: the host's authentication fills <see cref="HttpContext.User"/> and a
/// resolver reads it. Register your own to map identities differently (for example a tenant from the host name).
/// </summary>
public interface ICrmCallerResolver
{
    /// <summary>Resolves the caller of a request.</summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The caller, or <see langword="null"/> when the request carries no usable identity (answered with 401).</returns>
    ValueTask<CrmCaller?> ResolveAsync(HttpContext httpContext, CancellationToken cancellationToken);
}
