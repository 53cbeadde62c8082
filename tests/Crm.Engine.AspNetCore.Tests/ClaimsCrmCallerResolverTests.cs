using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore.Tests;

public sealed class ClaimsCrmCallerResolverTests
{
    private static DefaultHttpContext Request(params Claim[] claims) =>
        new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, claims.Length == 0 ? null : "host")) };

    [Fact]
    public async Task Tenant_user_roles_and_teams_come_from_the_configured_claims()
    {
        var resolver = new ClaimsCrmCallerResolver(Options.Create(new CrmCallerClaimOptions { TenantClaimType = "org", TeamClaimType = "grp" }));

        var caller = await resolver.ResolveAsync(Request(
            new Claim("org", "acme"), new Claim(ClaimTypes.NameIdentifier, "u-1"),
            new Claim(ClaimTypes.Role, "sales"), new Claim(ClaimTypes.Role, "admin"), new Claim("grp", "north")), default);

        Assert.NotNull(caller);
        Assert.Equal(("acme", "u-1"), (caller.TenantId, caller.UserId));
        Assert.True(caller.Roles.SetEquals(["sales", "admin"]));
        Assert.True(caller.Teams.SetEquals(["north"]));
    }

    [Fact]
    public async Task The_sub_claim_is_the_user_when_the_name_identifier_is_absent()
    {
        var resolver = new ClaimsCrmCallerResolver(Options.Create(new CrmCallerClaimOptions()));

        var caller = await resolver.ResolveAsync(Request(new Claim("tenant_id", "acme"), new Claim("sub", "u-9")), default);

        Assert.Equal("u-9", caller?.UserId);
    }

    [Fact]
    public async Task No_caller_without_authentication_or_without_a_tenant()
    {
        var resolver = new ClaimsCrmCallerResolver(Options.Create(new CrmCallerClaimOptions()));

        Assert.Null(await resolver.ResolveAsync(Request(), default));
        Assert.Null(await resolver.ResolveAsync(Request(new Claim(ClaimTypes.NameIdentifier, "u-1")), default));
    }
}
