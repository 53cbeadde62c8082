using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore;

/// <summary>The default <see cref="ICrmCallerResolver"/>: tenant, user, roles and teams from the authenticated user's claims.</summary>
public sealed class ClaimsCrmCallerResolver : ICrmCallerResolver
{
    private readonly CrmCallerClaimOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ClaimsCrmCallerResolver"/> class.</summary>
    /// <param name="options">The claim types to read.</param>
    public ClaimsCrmCallerResolver(IOptions<CrmCallerClaimOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <inheritdoc />
    public ValueTask<CrmCaller?> ResolveAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var user = httpContext.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<CrmCaller?>(null);
        }

        var tenant = user.FindFirst(_options.TenantClaimType)?.Value;
        var userId = user.FindFirst(_options.UserClaimType)?.Value ?? user.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(userId))
        {
            return ValueTask.FromResult<CrmCaller?>(null);
        }

        var caller = new CrmCaller(tenant, userId)
        {
            Roles = user.FindAll(_options.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Teams = user.FindAll(_options.TeamClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Origin = Security.CrmOrigin.Api,
        };
        return ValueTask.FromResult<CrmCaller?>(caller);
    }
}
