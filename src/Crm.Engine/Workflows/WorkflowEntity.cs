namespace Crm.Engine.Workflows;

/// <summary>Names the kind of record a workflow instance drives.</summary>
public enum WorkflowEntity
{
    /// <summary>A customer (onboarding, retention).</summary>
    Customer = 0,

    /// <summary>A lead: a customer record in an early lifecycle stage (qualification).</summary>
    Lead = 1,

    /// <summary>A sales deal (pipeline stages).</summary>
    Deal = 2,

    /// <summary>A support case (SLA, escalation).</summary>
    Case = 3,
}
