using System.CommandLine;
using System.Text.Json;
using Crm.Engine.Workflows;

namespace Crm.Engine.Cli.Workflows;

/// <summary>Options several workflow commands share.</summary>
internal static class CliOptions
{
    /// <summary>Creates <c>--action</c>: names of plugin actions to accept with any parameters, since plugins are not loaded here.</summary>
    public static Option<string[]> PluginActions() => new("--action")
    {
        Description = "Accept a plugin action of this name (with any parameters); repeat for several.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static IReadOnlyList<IWorkflowAction> ToActions(string[]? names) =>
        (names ?? []).Distinct(StringComparer.Ordinal).Select(n => (IWorkflowAction)new PluginActionPlaceholder(n)).ToList();

    /// <summary>Stands for a plugin action that the tool cannot load: accepts any parameters and never runs.</summary>
    private sealed class PluginActionPlaceholder(string name) : IWorkflowAction
    {
        public string Name { get; } = name;

        public string ParameterSchema => """{"type":"object"}""";

        public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken) =>
            throw new NotSupportedException($"The crm tool does not run plugin action '{Name}'.");
    }
}
