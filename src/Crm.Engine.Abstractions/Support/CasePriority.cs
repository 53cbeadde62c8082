namespace Crm.Engine.Support;

/// <summary>How urgent a support case is; SLA policies set their targets per priority.</summary>
public enum CasePriority
{
    /// <summary>No hurry: questions, wishes.</summary>
    Low,

    /// <summary>The default.</summary>
    Normal,

    /// <summary>The customer is blocked or upset.</summary>
    High,

    /// <summary>An outage or a legal or safety matter.</summary>
    Urgent,
}
