using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>
/// The plugin's entry point: reads the validated settings and registers the points program (<c>ILoyaltyProgram</c>),
/// its earn rules (<c>ILoyaltyRule</c>) and the <c>PurchaseRecorded</c> handler into the plugin's services.
/// </summary>
public sealed class LoyaltyPointsPlugin : ICrmPlugin
{
    /// <inheritdoc />
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.GetSettings(PointsJson.Default.LoyaltyPointsPluginSettings);
        services.AddLoyaltyPoints(options => settings?.ApplyTo(options));
    }
}
