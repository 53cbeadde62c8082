// Not built in this branch: see README.md. Target: src/Crm.Engine.Cli/Commands/CustomerData/.
using System.ComponentModel;
using Crm.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Crm.Engine.Cli.Commands.CustomerData;

/// <summary>Implements <c>crm import customers &lt;file&gt;</c> with a progress bar and a table of row errors.</summary>
internal sealed class ImportCustomersCommand(ICrmEngine engine) : AsyncCommand<ImportCustomersCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<file>")]
        [Description("The CSV file with a header row.")]
        public string File { get; init; } = "";

        [CommandOption("-t|--tenant <TENANT>")]
        [Description("The tenant to import into.")]
        public string Tenant { get; init; } = "default";

        [CommandOption("-k|--kind <KIND>")]
        [Description("customers (default), interactions or purchases.")]
        public ImportKind Kind { get; init; } = ImportKind.Customers;

        [CommandOption("-m|--map <FILE>")]
        [Description("A JSON mapping file: {\"field\": \"column header\"}.")]
        public string? MappingFile { get; init; }

        [CommandOption("-r|--rejects <FILE>")]
        [Description("Where rejected rows are written (original columns, _row, _error). Default: <file>.rejects.csv")]
        public string? RejectFile { get; init; }

        [CommandOption("-u|--upsert-key <KEY>")]
        [Description("ExternalIdThenEmail (default), ExternalId or Email.")]
        public UpsertKey UpsertKey { get; init; } = UpsertKey.ExternalIdThenEmail;

        [CommandOption("-b|--batch-size <N>")]
        public int BatchSize { get; init; } = 5_000;

        [CommandOption("-d|--delimiter <CHAR>")]
        public string Delimiter { get; init; } = ",";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings)
    {
        if (!System.IO.File.Exists(settings.File))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]File '{settings.File}' not found.[/]");
            return 1;
        }

        var map = settings.MappingFile is null ? new Dictionary<string, string>() : CsvColumnMap.Parse(await System.IO.File.ReadAllTextAsync(settings.MappingFile));
        var rejectPath = settings.RejectFile ?? Path.ChangeExtension(settings.File, ".rejects.csv");
        var length = new FileInfo(settings.File).Length;
        await using var rejects = new StreamWriter(rejectPath);
        using var reader = new StreamReader(settings.File);
        var crm = engine.ForCaller(CrmCaller.System(settings.Tenant));
        ImportResult? result = null;

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask($"Importing {settings.Kind.ToString().ToLowerInvariant()}", maxValue: Math.Max(1, length));
                var progress = new Progress<ImportProgress>(p =>
                {
                    task.Value = Math.Min(length, p.CharactersRead);
                    task.Description = $"{p.RowsRead:N0} rows: {p.Inserted:N0} new, {p.Updated:N0} updated, {p.Rejected:N0} rejected";
                });
                result = await crm.Csv.ImportAsync(settings.Kind, reader, new CsvImportOptions
                {
                    ColumnMap = map,
                    RejectWriter = rejects,
                    UpsertKey = settings.UpsertKey,
                    BatchSize = settings.BatchSize,
                    Delimiter = settings.Delimiter,
                }, progress);
                task.Value = length;
            });

        AnsiConsole.MarkupLineInterpolated($"[green]{result!.Inserted:N0} inserted[/], [blue]{result.Updated:N0} updated[/], [red]{result.Rejected:N0} rejected[/] of {result.RowsRead:N0} rows.");
        if (result.Rejected == 0)
        {
            return 0;
        }

        var table = new Table().AddColumns("Row", "Column", "Rule", "Message");
        foreach (var error in result.Errors.Take(20))
        {
            table.AddRow(error.Row.ToString(), Markup.Escape(error.Column ?? error.Field), Markup.Escape(error.Rule ?? ""), Markup.Escape(error.Message));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Rejected rows written to [yellow]{rejectPath}[/].");
        return 2;
    }
}
