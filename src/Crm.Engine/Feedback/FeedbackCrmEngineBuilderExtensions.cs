using Crm.Engine.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

/// <summary>Configures surveys and feedback on the engine builder.</summary>
public static class FeedbackCrmEngineBuilderExtensions
{
    /// <summary>Sets the signing key and response URL of survey invitations.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets <see cref="FeedbackOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureFeedback(this ICrmEngineBuilder builder, Action<FeedbackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
