using System.Reflection;
using System.Runtime.Loader;

namespace Crm.Engine.Plugins;

/// <summary>
/// The host's single allow-list of assemblies shared with plugins: the contracts plugins bind to and the framework.
/// Everything else a plugin uses comes from its own folder.
/// </summary>
internal sealed class SharedAssemblies
{
    // Crm.Engine.Abstractions and the Microsoft.Extensions abstractions its public surface exposes: type identity
    // across the boundary depends on these being the host's own copies.
    private static readonly HashSet<string> Contracts = new(StringComparer.OrdinalIgnoreCase)
    {
        "Crm.Engine.Abstractions",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Primitives",
    };

    private readonly HashSet<string> _framework;

    // The host's copies never change (its context never unloads): resolving one and reading its version once per process
    // spares every plugin context a bind and an AssemblyName parse per shared reference.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Assembly Assembly, Version? Version)> _hostCopies = new(StringComparer.OrdinalIgnoreCase);

    private SharedAssemblies(HashSet<string> framework, AssemblyLoadContext hostContext)
    {
        _framework = framework;
        HostContext = hostContext;
    }

    public static SharedAssemblies Instance { get; } = Create();

    /// <summary>Gets the context the host's own contracts live in (normally the default context).</summary>
    public AssemblyLoadContext HostContext { get; }

    /// <summary>Gets the host's copy of a shared assembly and its version.</summary>
    /// <param name="simpleName">The assembly's simple name, one <see cref="Classify"/> recognises.</param>
    /// <returns>The host's assembly and version.</returns>
    public (Assembly Assembly, Version? Version) HostCopy(string simpleName) =>
        _hostCopies.GetOrAdd(simpleName, static (name, context) =>
        {
            var assembly = context.LoadFromAssemblyName(new AssemblyName(name));
            return (assembly, assembly.GetName().Version);
        }, HostContext);

    public SharedAssemblyKind Classify(string simpleName) =>
        Contracts.Contains(simpleName) ? SharedAssemblyKind.Contract
        : _framework.Contains(simpleName) ? SharedAssemblyKind.Framework
        : SharedAssemblyKind.None;

    /// <summary>
    /// Tells whether the host's copy can stand in for the version a plugin was compiled against: contracts must match
    /// the major version; the framework may be newer than the plugin asked for.
    /// </summary>
    public static bool IsCompatible(SharedAssemblyKind kind, Version? requested, Version? host) =>
        requested is null || host is null ||
        (kind == SharedAssemblyKind.Contract ? requested.Major == host.Major : host >= new Version(requested.Major, 0));

    private static SharedAssemblies Create()
    {
        var framework = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "netstandard", "mscorlib" };
        var coreLib = typeof(object).Assembly.Location;
        var sharedRoot = coreLib.Length == 0 ? null : Directory.GetParent(Path.GetDirectoryName(coreLib)!)?.Parent?.FullName;
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa && sharedRoot is not null)
        {
            foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (path.StartsWith(sharedRoot, StringComparison.Ordinal))
                {
                    framework.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
        }
        else
        {
            // Single-file or unusual hosts have no TPA paths: recognise the framework by name.
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                var name = assembly.GetName().Name;
                if (name is not null && (name.StartsWith("System.", StringComparison.Ordinal) || name == "System"))
                {
                    framework.Add(name);
                }
            }
        }

        var host = AssemblyLoadContext.GetLoadContext(typeof(ICrmPlugin).Assembly) ?? AssemblyLoadContext.Default;
        return new SharedAssemblies(framework, host);
    }
}
