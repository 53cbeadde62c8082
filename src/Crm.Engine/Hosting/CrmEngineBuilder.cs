using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

internal sealed class CrmEngineBuilder(IServiceCollection services) : ICrmEngineBuilder
{
    public IServiceCollection Services { get; } = services;
}
