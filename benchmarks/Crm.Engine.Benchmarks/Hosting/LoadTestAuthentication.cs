using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Benchmarks.Hosting;

/// <summary>
/// Stands in for the host's authentication in the load test: <c>X-Load-Caller: tenant/user</c> becomes claims with the
/// admin role, so the measured path includes claim resolution and permission checks but no token validation.
/// </summary>
internal sealed class LoadTestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LoadTest";
    public const string Header = "X-Load-Caller";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var parts = Request.Headers[Header].ToString().Split('/');
        if (parts.Length != 2)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity(
            [new Claim("tenant_id", parts[0]), new Claim(ClaimTypes.NameIdentifier, parts[1]), new Claim(ClaimTypes.Role, "admin")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
