namespace Crm.Engine.Workflows;

/// <summary>
/// Reports a workflow the engine cannot run as configured: an unregistered workflow or version, an entity kind with
/// no resolver (deals and cases until their aggregates exist), or a storage provider without workflow support.
/// </summary>
public sealed class CrmWorkflowConfigurationException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="workflowId">The workflow concerned.</param>
    /// <param name="message">What is missing and how to fix it.</param>
    public CrmWorkflowConfigurationException(string workflowId, string message)
        : base(message)
    {
        WorkflowId = workflowId;
    }

    /// <summary>Gets the workflow concerned.</summary>
    public string WorkflowId { get; }
}
