using System.CommandLine;
using System.Globalization;

namespace Crm.Engine.Cli.Customers;

/// <summary>
/// <c>crm customers import &lt;csv&gt; --db &lt;sqlite file&gt; --tenant &lt;t&gt; [--map &lt;json&gt;] [--upsert-by email|externalId] [--rejects &lt;file&gt;]</c>:
/// imports customers (or their interactions or purchases) through the engine's CSV import. Good rows are stored even
/// when other rows are bad; bad rows are listed with row and column and written to the reject file.
/// </summary>
internal static class ImportCommand
{
    /// <summary>How many row errors are printed; the reject file holds every rejected row.</summary>
    private const int PrintedErrors = 20;

    public static Command Create()
    {
        var csv = new Argument<FileInfo>("csv") { Description = "The CSV file, with a header row." };
        var database = CustomerOptions.Database("The SQLite database file; created (with the current schema) when missing.");
        var tenant = CustomerOptions.Tenant();
        var map = new Option<FileInfo>("--map") { HelpName = "file", Description = "A JSON file mapping fields to column headers: {\"firstName\": \"Given name\", \"emails\": \"E-mail\"}. Unmapped fields are read from a column of their own name." };
        var upsertBy = new Option<string>("--upsert-by") { Description = "How a row finds the customer it updates (or, for interactions and purchases, belongs to). Default: externalId when the row has one, else email.", DefaultValueFactory = _ => "externalIdThenEmail" };
        upsertBy.AcceptOnlyFromAmong("externalId", "email", "externalIdThenEmail");
        var rejects = new Option<FileInfo>("--rejects") { HelpName = "file", Description = "Where rejected rows are written (their original cells plus _row and _error). Default: <csv>.rejects.csv, removed again when no row is rejected." };
        var kind = new Option<string>("--kind") { Description = "What the file holds.", DefaultValueFactory = _ => "customers" };
        kind.AcceptOnlyFromAmong("customers", "interactions", "purchases");
        var delimiter = new Option<string>("--delimiter") { HelpName = "char", Description = "The field delimiter.", DefaultValueFactory = _ => "," };
        var phoneRegion = CustomerOptions.PhoneRegion();
        var command = new Command("import", "Import customers (or --kind interactions|purchases) from a CSV file. Exit code 0: every row imported; 1: some rows rejected; 2: bad input.")
        {
            csv, database, tenant, map, upsertBy, rejects, kind, delimiter, phoneRegion,
        };
        command.SetAction((result, cancellationToken) => CustomerOptions.RunAsync(result, () => RunAsync(new Settings(
            result.GetRequiredValue(csv),
            result.GetRequiredValue(database),
            result.GetRequiredValue(tenant),
            result.GetValue(map),
            result.GetValue(upsertBy)!,
            result.GetValue(rejects),
            result.GetValue(kind)!,
            result.GetValue(delimiter)!,
            result.GetValue(phoneRegion)), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var csv = settings.Csv;
        if (!csv.Exists)
        {
            throw new CliInputException($"{csv}: error: the file does not exist.");
        }

        if (settings.Delimiter.Length == 0)
        {
            throw new CliInputException("--delimiter: error: the delimiter must not be empty.");
        }

        var columnMap = settings.Map is null ? null : await ReadMapAsync(settings.Map, cancellationToken).ConfigureAwait(false);
        var defaultRejects = settings.Rejects is null;
        var rejectPath = settings.Rejects?.FullName ?? Path.Combine(csv.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(csv.Name) + ".rejects.csv");
        if (string.Equals(Path.GetFullPath(rejectPath), csv.FullName, StringComparison.Ordinal))
        {
            throw new CliInputException($"--rejects: error: '{rejectPath}' is the input file; choose another reject file.");
        }

        CustomerOptions.RequireFolder(settings.Database);
        if (!settings.Database.Exists)
        {
            await error.WriteLineAsync($"{settings.Database}: the database does not exist; creating it.").ConfigureAwait(false);
        }

        var engine = await CustomerDataEngine.OpenAsync(settings.Database, settings.Tenant, settings.PhoneRegion, cancellationToken).ConfigureAwait(false);
        await using (engine.ConfigureAwait(false))
        {
            ImportResult result;
            var progress = new ProgressPrinter(error, TimeProvider.System, TimeSpan.FromSeconds(1), ProgressPrinter.IsTerminal(error), ProgressPrinter.Import(csv.Length));
            try
            {
                var rejectWriter = OpenRejects(rejectPath);
                await using (rejectWriter.ConfigureAwait(false))
                {
                    using var reader = new StreamReader(csv.FullName, detectEncodingFromByteOrderMarks: true);
                    result = await engine.Crm.Csv.ImportAsync(Kind(settings.Kind), reader, new CsvImportOptions
                    {
                        ColumnMap = columnMap ?? new Dictionary<string, string>(StringComparer.Ordinal),
                        UpsertKey = UpsertKeyOf(settings.UpsertBy),
                        Delimiter = settings.Delimiter,
                        RejectWriter = rejectWriter,
                        MaxReportedErrors = PrintedErrors,
                    }, progress, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (IOException e)
            {
                DeleteDefault(defaultRejects, rejectPath);
                throw new CliInputException($"{csv}: error: cannot read the file: {e.Message}", e);
            }
            catch (Exception)
            {
                // Batches committed before the failure stay imported; a default reject file would only be a fragment.
                DeleteDefault(defaultRejects, rejectPath);
                throw;
            }
            finally
            {
                progress.Complete();
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{csv.Name}: {result.RowsRead:N0} rows read: {result.Inserted:N0} inserted, {result.Updated:N0} updated, {result.Rejected:N0} rejected.")).ConfigureAwait(false);
            if (result.Rejected == 0)
            {
                DeleteDefault(defaultRejects, rejectPath);
                return 0;
            }

            foreach (var rowError in result.Errors)
            {
                await error.WriteLineAsync(Describe(csv, rowError)).ConfigureAwait(false);
            }

            if (result.Errors.Count >= PrintedErrors)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... the first {PrintedErrors} errors are shown; the reject file lists every rejected row.")).ConfigureAwait(false);
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.Rejected:N0} rejected row(s) written to {rejectPath}.")).ConfigureAwait(false);
            return CrmCli.Invalid;
        }
    }

    /// <summary>Formats a row error like a compiler message: <c>people.csv(row 7): column 'E-mail' (emails[0]): message [rule]</c>.</summary>
    internal static string Describe(FileInfo csv, ImportRowError error)
    {
        var where = error.Column is null ? $"field '{error.Field}'" : $"column '{error.Column}'" + (error.Field.Length > 0 && error.Field != error.Column ? $" ({error.Field})" : "");
        var rule = error.Rule is null ? "" : $" [{error.Rule}]";
        return string.Create(CultureInfo.InvariantCulture, $"{csv.Name}(row {error.Row}): {where}: {error.Message}{rule}");
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadMapAsync(FileInfo file, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"{file}: error: cannot read the mapping file: {e.Message}", e);
        }

        try
        {
            return CsvColumnMap.Parse(json);
        }
        catch (CrmValidationException e)
        {
            throw new CliInputException(string.Join(Environment.NewLine, e.Errors.Select(x => $"{file}: error: {x.Path}: {x.Message}")), e);
        }
    }

    private static void DeleteDefault(bool isDefault, string rejectPath)
    {
        if (isDefault)
        {
            File.Delete(rejectPath);
        }
    }

    private static StreamWriter OpenRejects(string path)
    {
        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"{path}: error: cannot write the reject file: {e.Message}", e);
        }
    }

    private static ImportKind Kind(string kind) => kind switch
    {
        "interactions" => ImportKind.Interactions,
        "purchases" => ImportKind.Purchases,
        _ => ImportKind.Customers,
    };

    private static UpsertKey UpsertKeyOf(string upsertBy) => upsertBy switch
    {
        "externalId" => UpsertKey.ExternalId,
        "email" => UpsertKey.Email,
        _ => UpsertKey.ExternalIdThenEmail,
    };

    private sealed record Settings(FileInfo Csv, FileInfo Database, string Tenant, FileInfo? Map, string UpsertBy, FileInfo? Rejects, string Kind, string Delimiter, string? PhoneRegion);
}
