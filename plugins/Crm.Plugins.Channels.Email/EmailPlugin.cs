using System.Text.Json;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// The email channel plugin's entry point: reads and validates its settings, then registers the <c>email</c>
/// <see cref="Crm.Engine.Channels.IChannelAdapter"/>, the <see cref="Crm.Engine.Channels.IInboundPoller"/> (when an
/// inbox is configured) and a health check into the plugin's own service collection.
/// </summary>
/// <remarks>
/// Load it from a plugin folder, or register it in code with <c>AddPlugin&lt;EmailPlugin&gt;()</c> and its settings
/// under the id <see cref="PluginId"/>. Apps that do not use the plugin host call <c>AddEmailChannel</c> instead.
/// </remarks>
public sealed class EmailPlugin : ICrmPlugin
{
    /// <summary>The plugin id in <c>plugin.json</c>.</summary>
    public const string PluginId = "crm.channels.email";

    /// <inheritdoc />
    /// <exception cref="OptionsValidationException">The settings are invalid; the message names each JSON path.</exception>
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        var options = ReadOptions(context.Settings);
        EmailServices.Add(services, options);
        services.AddSingleton<IPluginHealthCheck>(new EmailHealthCheck(options));
    }

    /// <summary>Reads and validates settings, naming each problem by its JSON path.</summary>
    internal static EmailChannelOptions ReadOptions(JsonElement settings)
    {
        EmailPluginSettings? parsed = null;
        var failures = new List<string>();
        if (settings.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            try
            {
                parsed = settings.Deserialize(EmailPluginJson.Default.EmailPluginSettings);
            }
            catch (JsonException exception)
            {
                failures.Add($"The settings do not fit the email plugin's settings ({exception.Path}): {exception.Message}");
            }
        }

        var options = EmailSettingsMapper.ToOptions(parsed ?? new EmailPluginSettings(), failures);
        failures.AddRange(EmailChannelOptionsValidator.Validate(options, EmailSettingsMapper.JsonName));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(PluginId, typeof(EmailChannelOptions), failures);
        }

        return options;
    }
}
