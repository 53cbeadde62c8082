using System.CommandLine;
using Crm.Engine.Cli.Customers;
using Crm.Engine.Cli.Reports;
using Crm.Engine.Cli.Workflows;

namespace Crm.Engine.Cli;

/// <summary>Builds the <c>crm</c> command tree and runs it with the given output writers, so tests run it in process.</summary>
internal static class CrmCli
{
    /// <summary>Exit code of a command that found problems in its input (invalid definitions, unmapped states, rejected rows).</summary>
    public const int Invalid = 1;

    /// <summary>Exit code of a command that could not run (missing file or database, bad option values, a command line that does not parse).</summary>
    public const int Failed = 2;

    public static RootCommand Build()
    {
        var workflow = new Command("workflow", "Validate, draw and migrate workflow definitions.")
        {
            ValidateCommand.Create(),
            GraphCommand.Create(),
            MigrateCommand.Create(),
        };
        return new RootCommand("crm: tools for Crm.Engine.") { workflow, CustomersCommand.Create(), ReportCommand.Create() };
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parsed = Build().Parse(args);
        var exitCode = await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        // The parser prints the errors and help; a command line that does not parse is a usage error, like a missing file.
        return parsed.Errors.Count > 0 ? Failed : exitCode;
    }
}
