using System.CommandLine;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Cli.Workflows;

/// <summary>
/// <c>crm workflow migrate --database &lt;sqlite file&gt; --workflow &lt;file&gt; [--dry-run]</c>: moves the running instances
/// named by the definition's <c>migrateFrom</c> to its version, in every tenant (or the ones given), or lists what would move.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var database = new Option<FileInfo>("--database") { Description = "The SQLite database file.", Required = true };
        var workflow = new Option<FileInfo>("--workflow") { Description = "The new workflow version (JSON) with its 'migrateFrom' map.", Required = true };
        var tenants = new Option<string[]>("--tenant") { Description = "Migrate only this tenant; repeat for several. Default: every tenant with instances.", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would move and change nothing." };
        var actions = CliOptions.PluginActions();
        var command = new Command("migrate", "Move running workflow instances to a new definition version.") { database, workflow, tenants, dryRun, actions };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(database), result.GetRequiredValue(workflow), result.GetValue(tenants) ?? [], result.GetValue(dryRun),
            CliOptions.ToActions(result.GetValue(actions)), result.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo database, FileInfo workflowFile, string[] tenants, bool dryRun, IReadOnlyList<IWorkflowAction> pluginActions, TextWriter output, CancellationToken cancellationToken)
    {
        if (!database.Exists)
        {
            await output.WriteLineAsync($"{database}: error: the database does not exist.").ConfigureAwait(false);
            return CrmCli.Failed;
        }

        var (definition, errors) = await ValidateCommand.LoadAsync(WorkflowActions.CreateLoader(pluginActions), workflowFile, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            foreach (var error in errors)
            {
                await output.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            return CrmCli.Invalid;
        }

        if (definition.MigrateFrom is not { } migration)
        {
            await output.WriteLineAsync($"{workflowFile}: error: workflow '{definition.Id}' version {definition.Version} declares no 'migrateFrom'.").ConfigureAwait(false);
            return CrmCli.Invalid;
        }

        var services = new ServiceCollection().AddLogging();
        foreach (var action in pluginActions)
        {
            services.AddSingleton(action);
        }

        // The tool never fires timers or handles events: it only moves instances.
        services.AddCrmEngine(o => o.MigrateStorageOnInitialize = !dryRun)
            .UseSqliteStorage(o => o.DataSource = database.FullName)
            .AddWorkflow(workflowFile.FullName)
            .ConfigureWorkflows(o => o.RunScheduler = false);
        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            var engine = provider.GetRequiredService<ICrmEngine>();
            await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var storage = provider.GetRequiredService<Storage.IStorageProvider>();
            var targets = tenants.Length > 0 ? tenants : await storage.GetWorkflowTenantsAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Workflow '{definition.Id}': version {migration.FromVersion} -> {definition.Version}{(dryRun ? " (dry run: nothing is changed)" : "")}").ConfigureAwait(false);
            var exitCode = 0;
            var total = 0;
            foreach (var tenant in targets)
            {
                try
                {
                    var plan = await engine.ForTenant(tenant).Workflows.MigrateAsync(definition.Id, definition.Version, dryRun, cancellationToken).ConfigureAwait(false);
                    total += plan.Moves.Count;
                    await WritePlanAsync(output, tenant, plan).ConfigureAwait(false);
                    if (!plan.IsValid)
                    {
                        exitCode = CrmCli.Invalid;
                    }
                }
                catch (CrmValidationException e)
                {
                    exitCode = CrmCli.Invalid;
                    foreach (var error in e.Errors)
                    {
                        await output.WriteLineAsync($"tenant {tenant}: {error}").ConfigureAwait(false);
                    }
                }
            }

            await output.WriteLineAsync($"{total} instance(s) {(dryRun ? "would move" : "moved")} in {targets.Count} tenant(s).").ConfigureAwait(false);
            return exitCode;
        }
    }

    private static async Task WritePlanAsync(TextWriter output, string tenant, WorkflowMigrationPlan plan)
    {
        await output.WriteLineAsync($"tenant {tenant}: {plan.Moves.Count} instance(s) {(plan.DryRun ? "would move" : "moved")}").ConfigureAwait(false);
        foreach (var move in plan.Moves)
        {
            await output.WriteLineAsync($"  {move.InstanceId}  entity {move.EntityId}  {move.FromState} -> {move.ToState}").ConfigureAwait(false);
        }

        foreach (var (state, count) in plan.UnmappedStates)
        {
            await output.WriteLineAsync($"tenant {tenant}: error: state '{state}' holds {count} running instance(s) and is not mapped in 'migrateFrom.states'").ConfigureAwait(false);
        }
    }
}
