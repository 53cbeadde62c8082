using System.Text;

namespace Crm.Engine.Plugins;

/// <summary>
/// Reports that a plugin (or a new version of one) was rejected: bad manifest, unmet engine range or dependency,
/// assembly that does not load, entry type that does not construct, settings that fail their schema, or a lifecycle
/// hook or health check that failed. The host keeps running without it (or with the previous version).
/// </summary>
public sealed class CrmPluginLoadException : CrmException
{
    /// <summary>Initializes the exception for a rejection with one reason.</summary>
    /// <param name="pluginId">The plugin id, or <see langword="null"/> when the manifest could not be read.</param>
    /// <param name="file">The manifest, folder or assembly concerned, if any.</param>
    /// <param name="reason">Why it was rejected and, where possible, how to fix it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CrmPluginLoadException(string? pluginId, string? file, string reason, Exception? innerException = null)
        : base(FormatMessage(pluginId, file, reason, []), innerException)
    {
        PluginId = pluginId;
        File = file;
        Errors = [];
    }

    /// <summary>Initializes the exception for a document (manifest or settings) with located errors.</summary>
    /// <param name="pluginId">The plugin id, or <see langword="null"/> when the manifest could not be read.</param>
    /// <param name="file">The manifest or settings file.</param>
    /// <param name="reason">What was being validated.</param>
    /// <param name="errors">The problems found, each naming its JSON path and, where known, line and column.</param>
    public CrmPluginLoadException(string? pluginId, string? file, string reason, IReadOnlyList<ValidationError> errors)
        : base(FormatMessage(pluginId, file, reason, errors))
    {
        ArgumentNullException.ThrowIfNull(errors);
        PluginId = pluginId;
        File = file;
        Errors = errors;
    }

    /// <summary>Gets the plugin id, or <see langword="null"/> when the manifest could not be read.</summary>
    public string? PluginId { get; }

    /// <summary>Gets the manifest, folder or assembly concerned, if any.</summary>
    public string? File { get; }

    /// <summary>Gets the located problems in a manifest or settings document; empty for other rejections.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string FormatMessage(string? pluginId, string? file, string reason, IReadOnlyList<ValidationError> errors)
    {
        var text = new StringBuilder("Plugin");
        if (pluginId is not null)
        {
            text.Append(" '").Append(pluginId).Append('\'');
        }

        if (file is not null)
        {
            text.Append(" from '").Append(file).Append('\'');
        }

        text.Append(" was rejected: ").Append(reason);
        foreach (var error in errors)
        {
            text.Append(Environment.NewLine).Append("  ").Append(error);
        }

        return text.ToString();
    }
}
