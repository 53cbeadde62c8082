using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Cli.Tests;

public sealed class CustomerCommandTests : IDisposable
{
    private const string Header = "externalId,firstName,lastName,emails,phones,birthDate,country";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-cli-tests", Guid.NewGuid().ToString("N"));

    public CustomerCommandTests() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "crm.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files are harmless.
        }
    }

    [Fact]
    public async Task Import_GoodFile_StoresEveryRowExitsZeroAndLeavesNoRejectFile()
    {
        var csv = await WriteAsync("people.csv",
            Header,
            "erp-1,Ada,Lovelace,ada@example.com,+44 20 7946 0001,1985-12-10,GB",
            "erp-2,Alan,Turing,alan@example.com,,1962-06-23,GB",
            "erp-3,Grace,Hopper,grace@example.com;gh@navy.example,,1956-12-09,US");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "import", csv, "--db", Database, "--tenant", "acme");

        Assert.Equal(0, exitCode);
        Assert.Contains("people.csv: 3 rows read: 3 inserted, 0 updated, 0 rejected.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "people.rejects.csv")), "the default reject file is removed when no row was rejected");
        await using var crm = await OpenAsync();
        Assert.Equal(3, await crm.Context.Customers.CountAsync(null));
        var grace = (await crm.Context.Customers.FindByEmailAsync("gh@navy.example"))!;
        Assert.Equal(("erp-3", "Hopper", new DateOnly(1956, 12, 9)), (grace.ExternalId, grace.LastName, grace.Demographics.BirthDate));
        Assert.Equal(["+442079460001"], (await crm.Context.Customers.FindByEmailAsync("ada@example.com"))!.Phones);
    }

    [Fact]
    public async Task Import_MappingFileAndUpsertByEmail_UpdatesTheCustomerOfEachAddress()
    {
        await CliRunner.RunAsync("customers", "import", await WriteAsync("first.csv", Header, "erp-1,Ada,Lovelace,ada@example.com,,,GB"), "--db", Database, "--tenant", "acme");
        var map = await WriteAsync("map.json", """{"firstName": "Given name", "lastName": "Family name", "emails": "E-mail", "attributes.plan": "Plan"}""");
        var csv = await WriteAsync("crm-export.csv", "Given name;Family name;E-mail;Plan", "Augusta Ada;King;ADA@example.com;pro", "Charles;Babbage;charles@example.com;free");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "import", csv, "--db", Database, "--tenant", "acme", "--map", map, "--upsert-by", "email", "--delimiter", ";");

        Assert.Equal(0, exitCode);
        Assert.Contains("2 rows read: 1 inserted, 1 updated, 0 rejected.", output, StringComparison.Ordinal);
        await using var crm = await OpenAsync();
        var ada = (await crm.Context.Customers.FindByEmailAsync("ada@example.com"))!;
        Assert.Equal(("Augusta Ada", "King", "erp-1", "pro"), (ada.FirstName, ada.LastName, ada.ExternalId, ada.Attributes["plan"].ToString()));
        Assert.Equal(2, await crm.Context.Customers.CountAsync(null));
    }

    [Fact]
    public async Task Import_BadRows_StoresGoodRowsWritesRejectFileNamesRowAndColumnAndExitsOne()
    {
        var csv = await WriteAsync("people.csv",
            Header,
            "erp-1,Ada,Lovelace,ada@example.com,,1985-12-10,GB",
            "erp-2,Alan,Turing,not-an-email,,1962-06-23,GB",
            "erp-3,Grace,Hopper,grace@example.com,,1956-13-45,US",
            "erp-4,Linus,Torvalds,linus@example.com,,,FI");
        var rejects = Path.Combine(_directory, "bad-rows.csv");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "import", csv, "--db", Database, "--tenant", "acme", "--rejects", rejects);

        Assert.Equal(1, exitCode);
        Assert.Contains("4 rows read: 2 inserted, 0 updated, 2 rejected.", output, StringComparison.Ordinal);
        Assert.Matches(@"people\.csv\(row 3\): column 'emails' \(emails\[0\]\): .*not-an-email.* \[email\]", output);
        Assert.Matches(@"people\.csv\(row 4\): column 'birthDate': '1956-13-45' is not a date; expected yyyy-MM-dd\. \[date\]", output);
        Assert.Contains($"2 rejected row(s) written to {rejects}.", output, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(rejects);
        Assert.Equal(3, lines.Length);
        Assert.Equal(Header + ",_row,_error", lines[0]);
        Assert.StartsWith("erp-2,Alan,Turing,not-an-email,,1962-06-23,GB,3,emails: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("erp-3,Grace,Hopper,grace@example.com,,1956-13-45,US,4,birthDate: ", lines[2], StringComparison.Ordinal);
        await using var crm = await OpenAsync();
        Assert.Equal(2, await crm.Context.Customers.CountAsync(null));
        Assert.NotNull(await crm.Context.Customers.FindByEmailAsync("linus@example.com"));
    }

    [Fact]
    public async Task Import_KindInteractions_AttachesRowsToCustomersAndRejectsUnknownOnes()
    {
        await CliRunner.RunAsync("customers", "import", await WriteAsync("people.csv", Header, "erp-1,Ada,Lovelace,ada@example.com,,,GB"), "--db", Database, "--tenant", "acme");
        var calls = await WriteAsync("calls.csv",
            "customerExternalId,channel,direction,occurredAt,subject",
            "erp-1,email,Inbound,2026-01-05T10:00:00Z,Pricing?",
            "erp-9,email,Inbound,2026-01-05T11:00:00Z,Who?");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "import", calls, "--db", Database, "--tenant", "acme", "--kind", "interactions");

        Assert.Equal(1, exitCode);
        Assert.Contains("2 rows read: 1 inserted, 0 updated, 1 rejected.", output, StringComparison.Ordinal);
        Assert.Contains("calls.csv(row 3): column 'customerExternalId': no customer has 'erp-9'; import the customers first. [customerNotFound]", output, StringComparison.Ordinal);
        await using var crm = await OpenAsync();
        var ada = (await crm.Context.Customers.FindByEmailAsync("ada@example.com"))!;
        Assert.Equal("Pricing?", Assert.Single((await crm.Context.Interactions.GetTimelineAsync(ada.Id)).Items).Subject);
    }

    [Fact]
    public async Task Import_MissingFile_ExplainsAndExitsTwoWithoutCreatingTheDatabase()
    {
        var missing = Path.Combine(_directory, "nope.csv");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "import", missing, "--db", Database, "--tenant", "acme");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{missing}: error: the file does not exist.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("map", "{\"firstName\": 7}", "map.json: error: $.firstName: the column header must be a string.")]
    [InlineData("map", "not json", "map.json: error: $: the mapping is not valid JSON")]
    [InlineData("usage", "", "--tenant")]
    [InlineData("upsert", "", "phone")]
    [InlineData("region", "", "--phone-region: 'Germany' is not a two-letter ISO 3166-1 region code such as DE.")]
    public async Task Import_BadOptions_ExitTwoNamingTheProblem(string problem, string mapJson, string expected)
    {
        var csv = await WriteAsync("people.csv", Header, "erp-1,Ada,Lovelace,ada@example.com,,,GB");
        var map = await WriteAsync("map.json", mapJson);
        string[] args = problem switch
        {
            "map" => ["customers", "import", csv, "--db", Database, "--tenant", "acme", "--map", map],
            "usage" => ["customers", "import", csv, "--db", Database],
            "region" => ["customers", "import", csv, "--db", Database, "--tenant", "acme", "--phone-region", "Germany"],
            _ => ["customers", "import", csv, "--db", Database, "--tenant", "acme", "--upsert-by", "phone"],
        };

        var (exitCode, output) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Export_ThenImportElsewhere_RoundTripsEveryColumn()
    {
        await CliRunner.RunAsync("customers", "import", await WriteAsync("people.csv",
            Header + ",tags,attributes",
            "erp-1,Ada,Lovelace,ada@example.com,+44 20 7946 0001,1985-12-10,GB,math;poetry,\"{\"\"plan\"\":\"\"pro\"\",\"\"seats\"\":3}\"",
            "erp-2,Alan,\"Turing, OBE\",alan@example.com,,1962-06-23,GB,,",
            "erp-3,Grace,Hopper,grace@example.com;gh@navy.example,,1956-12-09,US,navy,"), "--db", Database, "--tenant", "acme");
        var first = Path.Combine(_directory, "first.csv");
        var second = Path.Combine(_directory, "second.csv");
        var copy = Path.Combine(_directory, "copy.db");

        var (exportExit, exportOutput) = await CliRunner.RunAsync("customers", "export", "--db", Database, "--tenant", "acme", "--out", first);
        var (importExit, importOutput) = await CliRunner.RunAsync("customers", "import", first, "--db", copy, "--tenant", "beta");
        var (againExit, _) = await CliRunner.RunAsync("customers", "export", "--db", copy, "--tenant", "beta", "--out", second);

        Assert.Equal((0, 0, 0), (exportExit, importExit, againExit));
        Assert.Contains($"3 customer(s) of tenant 'acme' written to {first}.", exportOutput, StringComparison.Ordinal);
        Assert.Contains("3 rows read: 3 inserted, 0 updated, 0 rejected.", importOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(first + ".partial"));
        var (original, roundTripped) = (await ReadWithoutTimestampsAsync(first), await ReadWithoutTimestampsAsync(second));
        Assert.Equal(4, original.Length);
        Assert.Equal(original, roundTripped);
        Assert.Contains(original, l => l.Contains("\"Turing, OBE\"", StringComparison.Ordinal) && l.Contains("alan@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_WhereAndBadInput_FiltersOrExitsTwo()
    {
        await CliRunner.RunAsync("customers", "import", await WriteAsync("people.csv", Header, "erp-1,Ada,Lovelace,ada@example.com,,,GB", "erp-3,Grace,Hopper,grace@example.com,,,US"), "--db", Database, "--tenant", "acme");
        var target = Path.Combine(_directory, "us.csv");

        var (exitCode, output) = await CliRunner.RunAsync("customers", "export", "--db", Database, "--tenant", "acme", "--out", target, "--where", """{"field":"country","op":"eq","value":"US"}""");
        var (badWhere, badWhereOutput) = await CliRunner.RunAsync("customers", "export", "--db", Database, "--tenant", "acme", "--out", target, "--where", """{"field":"contry","op":"eq","value":"US"}""");
        var (noDatabase, noDatabaseOutput) = await CliRunner.RunAsync("customers", "export", "--db", Path.Combine(_directory, "none.db"), "--tenant", "acme", "--out", target);

        Assert.Equal(0, exitCode);
        Assert.Contains("1 customer(s)", output, StringComparison.Ordinal);
        Assert.Equal(2, (await File.ReadAllLinesAsync(target)).Length);
        Assert.Equal(2, badWhere);
        Assert.Contains("'contry'", badWhereOutput, StringComparison.Ordinal);
        Assert.Contains("'country'", badWhereOutput, StringComparison.Ordinal);
        Assert.Equal(2, noDatabase);
        Assert.Contains("none.db: error: the database does not exist.", noDatabaseOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_ImportWithBadRowAndMissingFile_ExitCodesOneAndTwo()
    {
        var csv = await WriteAsync("people.csv", Header, "erp-1,Ada,Lovelace,ada@example.com,,,GB", "erp-2,,,,,,GB");
        var rejects = Path.Combine(_directory, "rejects.csv");

        var (badExit, badOutput) = await CliRunner.RunProcessAsync("customers", "import", csv, "--db", Database, "--tenant", "acme", "--rejects", rejects, "--upsert-by", "externalId");
        var (missingExit, missingOutput) = await CliRunner.RunProcessAsync("customers", "import", Path.Combine(_directory, "nope.csv"), "--db", Database, "--tenant", "acme");
        var (exportExit, exportOutput) = await CliRunner.RunProcessAsync("customers", "export", "--db", Database, "--tenant", "acme", "--out", Path.Combine(_directory, "out.csv"));

        Assert.Equal(1, badExit);
        Assert.Contains("2 rows read: 1 inserted, 0 updated, 1 rejected.", badOutput, StringComparison.Ordinal);
        Assert.Contains("people.csv(row 3): column 'lastName': a customer needs a first or last name, a company or an email address. [required]", badOutput, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(rejects).Length);
        Assert.Equal(2, missingExit);
        Assert.Contains("nope.csv: error: the file does not exist.", missingOutput, StringComparison.Ordinal);
        Assert.Equal(0, exportExit);
        Assert.Contains("1 customer(s)", exportOutput, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n");
        return path;
    }

    /// <summary>Reads an export without the createdAt and updatedAt columns, which record when each import ran.</summary>
    private static async Task<string[]> ReadWithoutTimestampsAsync(string path)
    {
        var lines = await File.ReadAllLinesAsync(path);
        var header = lines[0].Split(',');
        var skip = new[] { Array.IndexOf(header, "createdAt"), Array.IndexOf(header, "updatedAt") };
        Assert.DoesNotContain(-1, skip);
        // Timestamps contain no commas or quotes, so counting commas outside quotes finds their cells.
        return lines.Select(line => string.Join(',', SplitCsv(line).Where((_, i) => !skip.Contains(i)))).ToArray();
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                continue;
            }

            cell.Append(c);
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private async Task<OpenDatabase> OpenAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Database);
        var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        return new OpenDatabase(provider, engine.ForTenant("acme"));
    }

    private sealed record OpenDatabase(ServiceProvider Provider, ICrmContext Context) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }
}
