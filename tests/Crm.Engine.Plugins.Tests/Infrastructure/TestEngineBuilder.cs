using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>Stands in for AddCrmEngine: the plugin host needs only the builder's service collection.</summary>
internal sealed class TestEngineBuilder(IServiceCollection services) : ICrmEngineBuilder
{
    public IServiceCollection Services { get; } = services;
}
