namespace Crm.Engine.Plugins;

/// <summary>
/// Names what a plugin can provide, as listed in the manifest's <c>kinds</c>.
/// </summary>
public static class PluginKinds
{
    /// <summary>Channel adapters (<c>Crm.Engine.Channels.IChannelAdapter</c>).</summary>
    public const string Channel = "channel";

    /// <summary>A storage provider (<c>Crm.Engine.Storage.IStorageProvider</c>).</summary>
    public const string Storage = "storage";

    /// <summary>Loyalty rules.</summary>
    public const string Loyalty = "loyalty";

    /// <summary>Workflow actions.</summary>
    public const string WorkflowAction = "workflowAction";

    /// <summary>Domain event handlers (<c>Crm.Engine.Events.ICrmEventHandler&lt;T&gt;</c>).</summary>
    public const string EventHandler = "eventHandler";

    /// <summary>Gets every kind name the host knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Channel, Storage, Loyalty, WorkflowAction, EventHandler];
}
