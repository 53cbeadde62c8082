namespace Crm.Engine.Plugins;

/// <summary>Says whether and why an assembly is shared with plugins.</summary>
internal enum SharedAssemblyKind
{
    None,
    Contract,
    Framework,
}
