using System.Reflection;

namespace Crm.Engine.Plugins;

/// <summary>The engine's own version, which plugin manifests' <c>engine</c> ranges are checked against.</summary>
internal static class EngineVersion
{
    public static SemanticVersion Current { get; } = Read();

    private static SemanticVersion Read()
    {
        var assembly = typeof(EngineVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null && SemanticVersion.TryParse(informational, out var version))
        {
            return version;
        }

        var numeric = assembly.GetName().Version ?? new Version(0, 0, 0);
        return SemanticVersion.Create(numeric.Major, numeric.Minor, Math.Max(numeric.Build, 0));
    }
}
