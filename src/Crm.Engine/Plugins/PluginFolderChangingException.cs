namespace Crm.Engine.Plugins;

/// <summary>Signals that a plugin folder changed while it was read: a deploy is in progress, so read it again later.</summary>
internal sealed class PluginFolderChangingException(string directory, Exception? innerException)
    : IOException($"Plugin folder '{directory}' changed while it was read.", innerException);
