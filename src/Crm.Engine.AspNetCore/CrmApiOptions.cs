namespace Crm.Engine.AspNetCore;

/// <summary>Options of the endpoints <c>MapCrmApi</c> and <c>MapCrmWebhooks</c> add.</summary>
public sealed class CrmApiOptions
{
    /// <summary>Gets or sets the largest webhook body read, in bytes; a larger one is answered with 413. Default 1 MiB.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;
}
