using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Plugins;

/// <summary>
/// Compiles a new plugin version's lifecycle hooks and the constructors and contract methods of the services it
/// registers, before any of them runs. Every version lives in a new context, so its code is compiled again however
/// often the process loaded the plugin before; during a hot reload this happens inside the debounce, so the hooks that
/// run after it (export, upgrade, start, health check) and the first calls do not wait for the compiler.
/// </summary>
internal static class PluginPrecompiler
{
    /// <summary>Compiles the plugin's hooks and its services' constructors and contract methods.</summary>
    /// <param name="plugin">The new version's entry instance.</param>
    /// <param name="services">What it registered.</param>
    /// <param name="superseded">Tells whether to stop early, because a newer change made the work pointless.</param>
    public static void Precompile(ICrmPlugin plugin, IServiceCollection services, Func<bool>? superseded = null)
    {
        var entryType = plugin.GetType();
        var context = AssemblyLoadContext.GetLoadContext(entryType.Assembly);
        PrecompileImplementation(entryType, typeof(ICrmPlugin));
        foreach (var descriptor in services)
        {
            if (superseded?.Invoke() == true)
            {
                return;
            }

            var implementation = descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType;
            if (implementation is null || AssemblyLoadContext.GetLoadContext(implementation.Assembly) != context)
            {
                // Only the plugin's own types: host types were compiled long ago, and a factory's code is unknown.
                continue;
            }

            foreach (var constructor in implementation.GetConstructors())
            {
                Compile(constructor);
            }

            if (descriptor.ServiceType.IsInterface)
            {
                PrecompileImplementation(implementation, descriptor.ServiceType);
            }
        }
    }

    private static void PrecompileImplementation(Type implementation, Type contract)
    {
        if (implementation.ContainsGenericParameters || !contract.IsAssignableFrom(implementation))
        {
            return;
        }

        var map = implementation.GetInterfaceMap(contract);
        foreach (var method in map.TargetMethods)
        {
            // A default interface method lives in the shared contract assembly: compiled already.
            if (method.DeclaringType is { IsInterface: false })
            {
                Compile(method);
            }
        }
    }

    private static void Compile(MethodBase method)
    {
        if (method.IsAbstract || method.ContainsGenericParameters)
        {
            return;
        }

        try
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);

            // An async method's body is its state machine's MoveNext.
            if (method.GetCustomAttribute<AsyncStateMachineAttribute>() is { StateMachineType: { ContainsGenericParameters: false } stateMachine } &&
                stateMachine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            {
                RuntimeHelpers.PrepareMethod(moveNext.MethodHandle);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or MissingMethodException)
        {
            // Only an optimisation: the method compiles on its first call instead.
        }
    }
}
