namespace Crm.Engine.Security;

/// <summary>The permissions the engine's services demand. Plugins may define their own with new resource names.</summary>
public static class CrmPermissions
{
    /// <summary>Read customer profiles.</summary>
    public static readonly CrmPermission CustomersRead = new("customers", "read");
    /// <summary>Create and update customer profiles, merge duplicates, import.</summary>
    public static readonly CrmPermission CustomersWrite = new("customers", "write");
    /// <summary>Delete customers and erase their personal data.</summary>
    public static readonly CrmPermission CustomersDelete = new("customers", "delete");
    /// <summary>Read protected (sensitive) customer fields such as income band or birth date.</summary>
    public static readonly CrmPermission CustomersReadSensitive = new("customers", "readSensitive");
    /// <summary>Read interactions (the timeline).</summary>
    public static readonly CrmPermission InteractionsRead = new("interactions", "read");
    /// <summary>Record interactions.</summary>
    public static readonly CrmPermission InteractionsWrite = new("interactions", "write");
    /// <summary>Read purchase history.</summary>
    public static readonly CrmPermission PurchasesRead = new("purchases", "read");
    /// <summary>Record purchases.</summary>
    public static readonly CrmPermission PurchasesWrite = new("purchases", "write");
    /// <summary>Read segments and their members.</summary>
    public static readonly CrmPermission SegmentsRead = new("segments", "read");
    /// <summary>Save and delete segments, compute RFM.</summary>
    public static readonly CrmPermission SegmentsWrite = new("segments", "write");
    /// <summary>Read workflow instances.</summary>
    public static readonly CrmPermission WorkflowsRead = new("workflows", "read");
    /// <summary>Start workflows, fire triggers, migrate instances.</summary>
    public static readonly CrmPermission WorkflowsWrite = new("workflows", "write");
    /// <summary>Read the outbox and inbound receipts.</summary>
    public static readonly CrmPermission MessagesRead = new("messages", "read");
    /// <summary>Send messages (enqueue into the outbox) and record inbound messages.</summary>
    public static readonly CrmPermission MessagesSend = new("messages", "send");
    /// <summary>Read and render message templates.</summary>
    public static readonly CrmPermission TemplatesRead = new("templates", "read");
    /// <summary>Register message templates.</summary>
    public static readonly CrmPermission TemplatesWrite = new("templates", "write");
    /// <summary>Read scheduled jobs and reminders.</summary>
    public static readonly CrmPermission JobsRead = new("jobs", "read");
    /// <summary>Schedule and cancel jobs and reminders.</summary>
    public static readonly CrmPermission JobsWrite = new("jobs", "write");
    /// <summary>Read leads.</summary>
    public static readonly CrmPermission LeadsRead = new("leads", "read");
    /// <summary>Capture, qualify, score and convert leads.</summary>
    public static readonly CrmPermission LeadsWrite = new("leads", "write");
    /// <summary>Read deals, pipelines and forecasts.</summary>
    public static readonly CrmPermission DealsRead = new("deals", "read");
    /// <summary>Create deals, move them between stages, configure pipelines.</summary>
    public static readonly CrmPermission DealsWrite = new("deals", "write");
    /// <summary>Read quotes and orders.</summary>
    public static readonly CrmPermission QuotesRead = new("quotes", "read");
    /// <summary>Create, accept and reject quotes; create orders.</summary>
    public static readonly CrmPermission QuotesWrite = new("quotes", "write");
    /// <summary>Read campaigns and their effectiveness.</summary>
    public static readonly CrmPermission CampaignsRead = new("campaigns", "read");
    /// <summary>Create, schedule and send campaigns.</summary>
    public static readonly CrmPermission CampaignsWrite = new("campaigns", "write");
    /// <summary>Read support cases.</summary>
    public static readonly CrmPermission CasesRead = new("cases", "read");
    /// <summary>Open, assign, answer and resolve support cases; configure SLA policies.</summary>
    public static readonly CrmPermission CasesWrite = new("cases", "write");
    /// <summary>Read knowledge base articles.</summary>
    public static readonly CrmPermission KnowledgeRead = new("knowledge", "read");
    /// <summary>Write knowledge base articles.</summary>
    public static readonly CrmPermission KnowledgeWrite = new("knowledge", "write");
    /// <summary>Read surveys and feedback.</summary>
    public static readonly CrmPermission FeedbackRead = new("feedback", "read");
    /// <summary>Define and send surveys, record responses.</summary>
    public static readonly CrmPermission FeedbackWrite = new("feedback", "write");
    /// <summary>Read loyalty accounts and balances.</summary>
    public static readonly CrmPermission LoyaltyRead = new("loyalty", "read");
    /// <summary>Award, redeem and expire points.</summary>
    public static readonly CrmPermission LoyaltyWrite = new("loyalty", "write");
    /// <summary>Run KPIs and reports.</summary>
    public static readonly CrmPermission ReportsRead = new("reports", "read");
    /// <summary>Read the audit log.</summary>
    public static readonly CrmPermission AuditRead = new("audit", "read");
    /// <summary>Configure the tenant: custom fields, templates, roles.</summary>
    public static readonly CrmPermission Administer = new("tenant", "administer");
}
