namespace Crm.Engine.Plugins;

/// <summary>A plugin version loaded, constructed and given its services, whose lifecycle hooks have not run yet.</summary>
/// <param name="Generation">The version.</param>
/// <param name="EventTypes">The event types its handlers subscribe to.</param>
internal sealed record PreparedActivation(PluginGeneration Generation, List<Type> EventTypes);
