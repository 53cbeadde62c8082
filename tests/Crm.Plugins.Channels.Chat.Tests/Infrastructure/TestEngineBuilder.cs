using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Channels.Testing;

/// <summary>The engine builder over a plain service collection, for the builder extensions alone.</summary>
internal sealed class TestEngineBuilder(IServiceCollection services) : ICrmEngineBuilder
{
    public IServiceCollection Services { get; } = services;
}
