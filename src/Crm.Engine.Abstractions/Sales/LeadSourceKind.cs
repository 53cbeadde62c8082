namespace Crm.Engine.Sales;

/// <summary>How a lead reached the CRM.</summary>
public enum LeadSourceKind
{
    /// <summary>An inbound message from an unknown sender (email, chat, SMS).</summary>
    Inbound = 0,

    /// <summary>A web-form submission.</summary>
    WebForm = 1,

    /// <summary>A file or bulk import.</summary>
    Import = 2,

    /// <summary>Created through the API by another system or a user.</summary>
    Api = 3,
}
