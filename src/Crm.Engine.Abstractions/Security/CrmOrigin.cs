namespace Crm.Engine.Security;

/// <summary>
/// Says through which channel a call reached the engine (the HTTP API, a plugin, the CLI, a workflow), so the audit log
/// can tell a write made by a user in the web app from one made on their behalf by a plugin.
/// </summary>
/// <param name="Kind">The channel: <c>direct</c>, <c>api</c>, <c>cli</c>, <c>plugin</c>, <c>workflow</c>, <c>job</c> or a host-defined name.</param>
/// <param name="Id">The plugin id, workflow id or similar, or <see langword="null"/>.</param>
public sealed record CrmOrigin(string Kind, string? Id = null)
{
    /// <summary>Gets the origin of calls made in-process by the host application, the default.</summary>
    public static CrmOrigin Direct { get; } = new("direct");

    /// <summary>Gets the origin of calls made through the HTTP API.</summary>
    public static CrmOrigin Api { get; } = new("api");

    /// <summary>Gets the origin of calls made by the command-line tool.</summary>
    public static CrmOrigin Cli { get; } = new("cli");

    /// <summary>Creates the origin of calls a plugin makes.</summary>
    /// <param name="pluginId">The plugin's manifest id.</param>
    /// <returns>The origin.</returns>
    public static CrmOrigin Plugin(string pluginId) => new("plugin", pluginId);

    /// <summary>Creates the origin of calls a workflow makes (timers, event-started instances, actions).</summary>
    /// <param name="workflowId">The workflow id, or <see langword="null"/>.</param>
    /// <returns>The origin.</returns>
    public static CrmOrigin Workflow(string? workflowId) => new("workflow", workflowId);

    /// <summary>Returns <c>kind</c> or <c>kind:id</c>, the form stored in audit records.</summary>
    /// <returns>The origin's text.</returns>
    public override string ToString() => Id is null ? Kind : Kind + ":" + Id;
}
