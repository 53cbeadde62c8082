using System.Security.Claims;

namespace Crm.Engine.AspNetCore;

/// <summary>Which claims <see cref="ClaimsCrmCallerResolver"/> reads from the authenticated user.</summary>
public sealed class CrmCallerClaimOptions
{
    /// <summary>Gets or sets the claim type that holds the tenant id. Default <c>tenant_id</c>.</summary>
    public string TenantClaimType { get; set; } = "tenant_id";

    /// <summary>Gets or sets the claim type that holds the user id. Default <see cref="ClaimTypes.NameIdentifier"/>; <c>sub</c> is tried when it is absent.</summary>
    public string UserClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>Gets or sets the claim type of role claims (each claim one role). Default <see cref="ClaimTypes.Role"/>.</summary>
    public string RoleClaimType { get; set; } = ClaimTypes.Role;

    /// <summary>Gets or sets the claim type of team claims (each claim one team). Default <c>team</c>.</summary>
    public string TeamClaimType { get; set; } = "team";
}
