using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// 10k seeded hostile CSV rows imported as customers (20 files of 500 rows), plus whole-file byte mutations: every row
/// is stored or rejected with a rule, the counts add up, and the database grows by exactly the rows reported inserted
/// (no partial write). Never an exception, never a hang.
/// </summary>
public sealed class CsvHostileTests(ITestOutputHelper output)
{
    private const int Files = 20;
    private const int RowsPerFile = 500;
    private const int FileMutations = 200;
    private const string Header = "externalId,firstName,lastName,emails,phones,birthDate,lifecycleStage,tags,attributes,attributes.plan,attributes.score,attributes.vip,attributes.since";

    private static readonly string[] RowKinds =
        ["valid", "byteFlip", "truncate", "extraColumns", "invalidUtf8", "strayQuote", "hugeNumber", "wrongType", "confusable", "deepJson", "duplicateJsonKey", "duplicateKey", "control"];

    [Fact]
    public async Task HostileRows_AreStoredOrRejectedWithARule_AndTheDatabaseGrowsByTheInsertedRows()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant("hostile-csv");
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("plan", CustomFieldType.Enum) { AllowedValues = ["Free", "Pro"] });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("score", CustomFieldType.Number));
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("vip", CustomFieldType.Boolean));
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("since", CustomFieldType.Date));
        var run = new HostileRun("CSV rows", output);
        long inserted = 0;
        for (var file = 0; file < Files; file++)
        {
            var random = new Random(file);
            var body = new MemoryStream();
            body.Write(Encoding.UTF8.GetBytes(Header + "\n"));
            for (var row = 0; row < RowsPerFile; row++)
            {
                var kind = RowKinds[random.Next(RowKinds.Length)];
                run.CountKind(kind);
                body.Write(Row(file, row, kind, random));
                body.WriteByte((byte)'\n');
            }

            var result = await ImportAsync(crm, body.ToArray(), $"file {file}", run);
            inserted += result.Inserted;
        }

        Assert.Equal(inserted, await crm.Customers.CountAsync(null));
        run.Report(Files * RowsPerFile);
    }

    [Fact]
    public async Task MutatedFiles_ImportWhatIsReadableAndNothingElse()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant("hostile-csv-files");
        var valid = new StringBuilder(Header).Append('\n');
        for (var row = 0; row < 20; row++)
        {
            valid.Append(Encoding.UTF8.GetString(Row(999, row, "valid", new Random(row)))).Append('\n');
        }

        var run = new HostileRun("CSV files", output);
        for (var seed = 0; seed < FileMutations; seed++)
        {
            var random = new Random(seed);
            var bytes = Encoding.UTF8.GetBytes(valid.ToString());
            var kind = random.Next(3) switch { 0 => "truncate", 1 => "byteFlip", _ => "invalidUtf8" };
            bytes = kind switch
            {
                "truncate" => bytes[..random.Next(bytes.Length)],
                "byteFlip" => Flip(bytes, random),
                _ => [.. bytes[..(random.Next(bytes.Length))], 0xC3, 0x28, 0xFF, .. bytes[random.Next(bytes.Length)..]],
            };
            run.CountKind(kind);
            await ImportAsync(crm, bytes, $"file seed {seed}", run);
        }

        run.Report(FileMutations);
    }

    private static async Task<ImportResult> ImportAsync(ICrmContext crm, byte[] file, string label, HostileRun run)
    {
        var before = await crm.Customers.CountAsync(null);
        using var watchdog = new CancellationTokenSource(HostileRun.CaseTimeout);
        ImportResult result;
        try
        {
            using var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8);
            result = await crm.Csv.ImportAsync(ImportKind.Customers, reader, new CsvImportOptions { BatchSize = 64, MaxReportedErrors = 100_000 }, cancellationToken: watchdog.Token)
                .WaitAsync(HostileRun.CaseTimeout + TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            throw new XunitException($"{label}: the import did not finish within {HostileRun.CaseTimeout}: a hang.");
        }
        catch (Exception e) when (e is not CrmException)
        {
            throw new XunitException($"{label}: the import threw {e.GetType().FullName}: {e.Message}\n{e}");
        }

        var after = await crm.Customers.CountAsync(null);
        Assert.Equal(result.RowsRead, result.Inserted + result.Updated + result.Rejected);
        Assert.Equal(after - before, result.Inserted); // no partial write: the database grew by exactly the inserted rows
        Assert.Equal(result.Rejected, result.Errors.Select(e => e.Row).Distinct().Count());
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Rule), $"{label}: row {e.Row} has no rule: {e.Message}"));
        run.CountOutcome("accepted", (int)(result.Inserted + result.Updated));
        foreach (var rule in result.Errors.GroupBy(e => e.Row).Select(g => g.First().Rule!))
        {
            run.CountOutcome("rejected:" + rule, 1);
        }

        return result;
    }

    private static byte[] Row(int file, int row, string kind, Random random)
    {
        string[] cells =
        [
            $"H-{file}-{row}", "Ada", "Lovelace", $"h{file}.{row}@example.com", "+44 20 7946 0958", "1990-12-10", "Customer", "a;b",
            "\"{\"\"tier\"\": 2}\"", "Pro", "42", "yes", "2024-01-31",
        ];
        var at = random.Next(cells.Length);
        switch (kind)
        {
            case "byteFlip":
                var bytes = Encoding.UTF8.GetBytes(string.Join(',', cells));
                return Flip(bytes, random);
            case "truncate":
                var whole = Encoding.UTF8.GetBytes(string.Join(',', cells));
                return whole[..random.Next(whole.Length)];
            case "extraColumns":
                return Encoding.UTF8.GetBytes(string.Join(',', cells) + string.Concat(Enumerable.Repeat(",x", random.Next(1, 200))));
            case "invalidUtf8":
                var text = Encoding.UTF8.GetBytes(string.Join(',', cells));
                var cut = random.Next(text.Length);
                return [.. text[..cut], .. new[] { new byte[] { 0xFF }, [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80] }[random.Next(4)], .. text[cut..]];
            case "strayQuote":
                cells[at] = cells[at].Insert(random.Next(cells[at].Length + 1), "\"");
                break;
            case "hugeNumber":
                cells[random.Next(2) == 0 ? 10 : at] = new[] { "1e400", "99999999999999999999999999999999", "-0", "NaN", "Infinity", "1,5", "0x1F", "7.9228162514264337593543950336E+28" }[random.Next(8)];
                break;
            case "wrongType":
                cells[at] = new[] { "", " ", "true", "12", "2024-02-30", "not a date", "[1,2]", "Gold", "Customerr", "@", "a@", "@@example.com" }[random.Next(12)];
                break;
            case "confusable":
                cells[new[] { 0, 3, 6, 9 }[random.Next(4)]] = new[] { $"H-{file}-{row}\u200B", $"h{file}.{row}@\u0435xample.com", "Cust\u043Emer", "Pr\u043E", $"\uFF28-{file}-{row}", $"h{file}.{row}@example.com\u202E" }[random.Next(6)];
                break;
            case "deepJson":
                var depth = random.Next(30, 2_000);
                cells[8] = "\"" + new string('[', depth).Replace("[", "{\"\"a\"\":", StringComparison.Ordinal) + "1" + new string('}', depth) + "\"";
                break;
            case "duplicateJsonKey":
                cells[8] = "\"{\"\"tier\"\": 2, \"\"tier\"\": \"\"x\"\"}\"";
                break;
            case "duplicateKey":
                cells[0] = $"H-{file}-{random.Next(Math.Max(1, row))}";
                break;
            case "control":
                cells[at] = "a\u0000b\u0007\u001b[31m\r";
                break;
        }

        return Encoding.UTF8.GetBytes(string.Join(',', cells));
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }
}
