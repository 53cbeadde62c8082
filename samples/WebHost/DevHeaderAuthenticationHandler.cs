using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WebHost;

/// <summary>
/// Sample-only authentication: <c>X-Crm-Tenant</c> and <c>X-Crm-User</c> headers from loopback become the user's claims.
/// A real host uses its own scheme (JWT bearer, cookies, API keys) that sets the same claims.
/// </summary>
public sealed class DevHeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DevHeaders";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var tenant = Request.Headers["X-Crm-Tenant"].ToString();
        var user = Request.Headers["X-Crm-User"].ToString();
        if (tenant.Length == 0 || user.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(AuthenticateResult.Fail("Development headers are accepted from loopback only."));
        }

        var claims = new List<Claim> { new("tenant_id", tenant), new(ClaimTypes.NameIdentifier, user) };
        claims.AddRange(Request.Headers["X-Crm-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
