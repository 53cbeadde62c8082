using System.CommandLine;
using Crm.Engine.Workflows;

namespace Crm.Engine.Cli.Workflows;

/// <summary><c>crm workflow validate &lt;file&gt;...</c>: checks definitions and prints each error as <c>file(line,col): path: message</c>.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Workflow definition files (JSON).", Arity = ArgumentArity.OneOrMore };
        var actions = CliOptions.PluginActions();
        var command = new Command("validate", "Check workflow definitions against the schema and the engine's rules.") { files, actions };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var loader = WorkflowActions.CreateLoader(CliOptions.ToActions(result.GetValue(actions)));
            var errorCount = 0;
            var invalidFiles = 0;
            foreach (var file in result.GetRequiredValue(files))
            {
                var (definition, errors) = await LoadAsync(loader, file, cancellationToken).ConfigureAwait(false);
                if (definition is null)
                {
                    invalidFiles++;
                    errorCount += errors.Count;
                    foreach (var error in errors)
                    {
                        await output.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                    }

                    continue;
                }

                await output.WriteLineAsync($"{file}: valid: workflow '{definition.Id}' version {definition.Version} ({definition.Entity.ToString().ToLowerInvariant()}, {definition.States.Count} states, {definition.Transitions.Count} transitions)").ConfigureAwait(false);
            }

            if (errorCount > 0)
            {
                await output.WriteLineAsync($"{errorCount} error(s) in {invalidFiles} file(s).").ConfigureAwait(false);
                return CrmCli.Invalid;
            }

            return 0;
        });
        return command;
    }

    /// <summary>Reads and validates one file; a missing or unreadable file is reported like a validation error.</summary>
    public static async Task<(WorkflowDefinition? Definition, IReadOnlyList<ValidationError> Errors)> LoadAsync(WorkflowDefinitionLoader loader, FileInfo file, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new ValidationError("$", $"cannot read the file: {e.Message}") { Source = file.ToString(), Rule = "io" }]);
        }

        return loader.Validate(json, file.ToString());
    }
}
