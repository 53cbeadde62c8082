using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

/// <summary>
/// Configures the engine registered by <c>AddCrmEngine</c>: <c>Use*</c> extensions pick the one implementation of a
/// slot (storage), <c>Add*</c> extensions append (plugins, workflows, handlers). Plugins extend it the same way.
/// </summary>
public interface ICrmEngineBuilder
{
    /// <summary>Gets the service collection the engine is registered in.</summary>
    IServiceCollection Services { get; }
}
