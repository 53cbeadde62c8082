using Crm.Engine.Sales;

namespace Crm.Engine;

/// <summary>Configures sales (lead scoring and qualification) on the engine builder.</summary>
public static class SalesCrmEngineBuilderExtensions
{
    /// <summary>Configures <see cref="SalesOptions"/>.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureSales(this ICrmEngineBuilder builder, Action<SalesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure(builder.Services, configure);
        return builder;
    }
}
