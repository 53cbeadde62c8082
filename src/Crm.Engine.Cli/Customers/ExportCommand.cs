using System.CommandLine;
using System.Globalization;
using Crm.Engine.Conditions;

namespace Crm.Engine.Cli.Customers;

/// <summary>
/// <c>crm customers export --db &lt;sqlite file&gt; --tenant &lt;t&gt; --out &lt;csv&gt; [--where &lt;condition&gt;]</c>: writes a tenant's
/// customers as CSV that <c>crm customers import</c> reads back unchanged.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var database = CustomerOptions.Database("The SQLite database file.");
        var tenant = CustomerOptions.Tenant();
        var output = new Option<FileInfo>("--out") { HelpName = "file", Description = "The CSV file to write (replaced if it exists).", Required = true };
        var where = new Option<string>("--where") { HelpName = "json", Description = "A condition selecting the customers (docs/conditions.md), such as {\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}. Default: all." };
        var command = new Command("export", "Export a tenant's customers to a CSV file. Exit code 0: written; 2: bad input.") { database, tenant, output, where };
        command.SetAction((result, cancellationToken) => CustomerOptions.RunAsync(result, () => RunAsync(
            result.GetRequiredValue(database), result.GetRequiredValue(tenant), result.GetRequiredValue(output), result.GetValue(where),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo database, string tenant, FileInfo target, string? where, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!database.Exists)
        {
            throw new CliInputException($"{database}: error: the database does not exist.");
        }

        if (target.Directory is { Exists: false } folder)
        {
            throw new CliInputException($"{target}: error: the folder '{folder}' does not exist.");
        }

        Condition? filter = null;
        if (where is not null)
        {
            try
            {
                filter = ConditionParser.Parse(where, CrmFields.Customer, "--where");
            }
            catch (CrmValidationException e)
            {
                throw new CliInputException(string.Join(Environment.NewLine, e.Errors.Select(x => $"error: {x}")), e);
            }
        }

        var engine = await CustomerDataEngine.OpenAsync(database, tenant, null, cancellationToken).ConfigureAwait(false);
        await using (engine.ConfigureAwait(false))
        {
            var total = await engine.Crm.Customers.CountAsync(filter, cancellationToken).ConfigureAwait(false);
            // Written beside the target and moved into place at the end, so a failed export never leaves a file that looks complete.
            var partial = target.FullName + ".partial";
            long written;
            var progress = new ProgressPrinter(error, TimeProvider.System, TimeSpan.FromSeconds(1), ProgressPrinter.IsTerminal(error), ProgressPrinter.Export(total));
            try
            {
                var writer = new StreamWriter(partial);
                await using (writer.ConfigureAwait(false))
                {
                    written = await engine.Crm.Csv.ExportCustomersAsync(writer, filter, progress, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new CliInputException($"{target}: error: cannot write the file: {e.Message}", e);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            finally
            {
                progress.Complete();
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{written:N0} customer(s) of tenant '{tenant}' written to {target}.")).ConfigureAwait(false);
            return 0;
        }
    }
}
