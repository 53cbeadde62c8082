using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Campaigns;

/// <summary>Configures campaigns on the engine builder.</summary>
public static class CampaignCrmEngineBuilderExtensions
{
    /// <summary>Sets the campaign options (tracking secret and address, send batch size).</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets <see cref="CampaignOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureCampaigns(this ICrmEngineBuilder builder, Action<CampaignOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
