using System.CommandLine;
using Crm.Engine.Workflows;

namespace Crm.Engine.Cli.Workflows;

/// <summary><c>crm workflow graph &lt;file&gt; --format mermaid|dot</c>: draws a definition through the state machine's export.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The workflow definition file (JSON)." };
        var format = new Option<string>("--format") { Description = "The diagram format.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var actions = CliOptions.PluginActions();
        var command = new Command("graph", "Draw a workflow definition as a Mermaid state diagram or a Graphviz DOT graph.") { file, format, actions };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var loader = WorkflowActions.CreateLoader(CliOptions.ToActions(result.GetValue(actions)));
            var (definition, errors) = await ValidateCommand.LoadAsync(loader, result.GetRequiredValue(file), cancellationToken).ConfigureAwait(false);
            if (definition is null)
            {
                foreach (var error in errors)
                {
                    await output.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return CrmCli.Invalid;
            }

            var text = result.GetValue(format) == "dot" ? WorkflowGraph.ToDot(definition) : WorkflowGraph.ToMermaid(definition);
            await output.WriteAsync(text).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
