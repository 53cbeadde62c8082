namespace Crm.Engine.Security;

/// <summary>The roles <see cref="CrmSecurityOptions"/> starts with; hosts may change or remove them.</summary>
public static class CrmBuiltInRoles
{
    /// <summary>Everything, including sensitive fields, the audit log and tenant configuration.</summary>
    public const string Admin = "admin";

    /// <summary>Customers (without sensitive fields), leads, deals and quotes of their team, purchases, interactions, messages.</summary>
    public const string Sales = "sales";

    /// <summary>Customers (without sensitive fields), cases of their team, knowledge base, feedback, interactions, messages.</summary>
    public const string Support = "support";

    /// <summary>Customers (without sensitive fields), segments, campaigns, templates, messages, feedback.</summary>
    public const string Marketing = "marketing";

    /// <summary>Reads every business record and report, including sensitive fields (segmenting by income needs them); writes nothing.</summary>
    public const string Analyst = "analyst";

    /// <summary>Reads every business record except sensitive fields and the audit log; writes nothing.</summary>
    public const string ReadOnly = "readonly";

    /// <summary>Reads the audit log and customers; writes nothing.</summary>
    public const string Auditor = "auditor";

    private static readonly string[] BusinessReads =
    [
        "customers.read", "interactions.read", "purchases.read", "segments.read", "workflows.read", "messages.read",
        "templates.read", "jobs.read", "leads.read", "deals.read", "quotes.read", "campaigns.read", "cases.read",
        "knowledge.read", "feedback.read", "loyalty.read", "reports.read",
    ];

    internal static void AddTo(IDictionary<string, CrmRoleDefinition> roles)
    {
        roles[Admin] = new CrmRoleDefinition().Grant("*");
        roles[Sales] = new CrmRoleDefinition()
            .Grant("customers.read", "customers.write", "interactions.*", "purchases.*", "leads.*", "deals.*", "quotes.*",
                "messages.*", "templates.read", "segments.read", "workflows.*", "jobs.*", "loyalty.read", "reports.read")
            .TeamRecordsOnly("leads").TeamRecordsOnly("deals").TeamRecordsOnly("quotes");
        roles[Support] = new CrmRoleDefinition()
            .Grant("customers.read", "customers.write", "interactions.*", "purchases.read", "cases.*", "knowledge.*",
                "feedback.*", "messages.*", "templates.read", "workflows.*", "jobs.*", "loyalty.read")
            .TeamRecordsOnly("cases");
        roles[Marketing] = new CrmRoleDefinition()
            .Grant("customers.read", "interactions.read", "purchases.read", "segments.*", "campaigns.*", "messages.*",
                "templates.*", "feedback.*", "loyalty.read", "workflows.read", "jobs.*", "reports.read");
        roles[Analyst] = new CrmRoleDefinition().Grant(BusinessReads).Grant("customers.readSensitive");
        roles[ReadOnly] = new CrmRoleDefinition().Grant(BusinessReads);
        roles[Auditor] = new CrmRoleDefinition().Grant("audit.read", "customers.read");
    }
}
