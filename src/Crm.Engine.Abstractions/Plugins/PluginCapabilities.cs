namespace Crm.Engine.Plugins;

/// <summary>
/// Names the capabilities a plugin can ask for in its manifest. The host grants the matching services only to
/// plugins that ask, and operators can deny capabilities. They declare intent; they are not a sandbox.
/// </summary>
public static class PluginCapabilities
{
    /// <summary>Receive domain events: the host subscribes the plugin's <c>ICrmEventHandler&lt;T&gt;</c> registrations.</summary>
    public const string EventsSubscribe = "events.subscribe";

    /// <summary>Publish domain events: the engine's event bus is added to the plugin's services.</summary>
    public const string EventsPublish = "events.publish";

    /// <summary>Reach the network (for example a provider's HTTP API).</summary>
    public const string Network = "network";

    /// <summary>Read or write files outside the plugin's folder.</summary>
    public const string FileSystem = "filesystem";

    /// <summary>Read or write CRM records: the engine's storage provider is added to the plugin's services.</summary>
    public const string Storage = "storage";

    /// <summary>
    /// Prefixes capabilities that name CRM permissions in the grant syntax of role configuration, such as
    /// <c>crm:customers.read</c>, <c>crm:messages.send</c> or <c>crm:loyalty.*</c>. A plugin that asks for any of them
    /// receives an <c>ICrmEngine</c> whose contexts may do at most what it asked for (and at most what the caller may).
    /// </summary>
    public const string CrmPermissionPrefix = "crm:";

    /// <summary>Gets every capability name the host knows, besides the <see cref="CrmPermissionPrefix"/> ones.</summary>
    public static IReadOnlyList<string> All { get; } = [EventsSubscribe, EventsPublish, Network, FileSystem, Storage];
}
