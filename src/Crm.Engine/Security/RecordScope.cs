namespace Crm.Engine.Security;

/// <summary>Which records of a resource a role's grant covers, for record-level rules.</summary>
public enum RecordScope
{
    /// <summary>Every record of the tenant (the default).</summary>
    All = 0,

    /// <summary>Records whose owner is the caller's team (one of <see cref="CrmCaller.Teams"/>), or the caller.</summary>
    Team = 1,

    /// <summary>Only records the caller owns.</summary>
    Owner = 2,
}
