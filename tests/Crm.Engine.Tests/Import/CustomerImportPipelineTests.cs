using System.Globalization;
using System.Text;

namespace Crm.Engine.Tests.Import;

/// <summary>
/// The customer import prepares rows on a background task and writes them in chunks of 250 inside each batch's
/// transaction: batches must still be whole, rows in file order, and a failure on either side must end the import.
/// </summary>
public sealed class CustomerImportPipelineTests
{
    private static string File(int rows, Func<int, string>? email = null)
    {
        var csv = new StringBuilder("externalId,lastName,emails\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"E-{i},Last{i},{(email is null ? $"c{i}@example.com" : email(i))}\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task Rows_spanning_several_chunks_and_batches_are_stored_with_errors_in_file_order()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var progress = new List<ImportProgress>();
        // Rows 10, 600 and 1,150 have a bad address: with chunks of 250 rows they are in chunks 1, 3 and 5 of 5,
        // and in batches 1, 1 and 2.
        var csv = File(1_203, i => i is 10 or 600 or 1_150 ? "broken" : $"c{i}@example.com");

        var result = await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader(csv), new CsvImportOptions { BatchSize = 1_000 }, new SyncProgress(progress.Add));

        Assert.Equal((1_203L, 1_200L, 3L), (result.RowsRead, result.Inserted, result.Rejected));
        // Spreadsheet rows are data rows + 1 (the header is row 1).
        Assert.Equal([11L, 601L, 1_151L], result.Errors.Select(e => e.Row));
        Assert.Equal(1_200, await crm.Customers.CountAsync(null));
        // Batch one: rows 1-1,000 of which 2 bad = 998 stored; batch two: rows 1,001-1,203 of which 1 bad = 202 more.
        Assert.Equal([(1_000L, 998L), (1_203L, 1_200L)], progress.Take(2).Select(p => (p.RowsRead, p.Inserted)));
        var last = (await crm.Customers.FindByEmailAsync("c1203@example.com"))!;
        Assert.Equal("E-1203", last.ExternalId);
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_written_row_by_row_from_its_cells_with_only_the_refused_row_rejected()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var stored = await crm.Customers.CreateAsync(new Customer { LastName = "Stored", ExternalId = "OLD" });
        // Row 3 of the file (data row 2) names the stored customer's id under a new external id: no upsert key matches,
        // so it is an insert the database refuses (primary key), which fails the whole batch inside its transaction.
        var csv = new StringBuilder("id,externalId,lastName,emails,tags\n");
        for (var i = 1; i <= 5; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(i == 2 ? stored.Id.ToString() : "")},E-{i},Last{i},c{i}@example.com,t{i};vip\n");
        }

        var result = await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader(csv.ToString()), new CsvImportOptions { BatchSize = 10 });

        Assert.Equal((5L, 4L, 1L), (result.RowsRead, result.Inserted, result.Rejected));
        Assert.Equal(3L, Assert.Single(result.Errors).Row);
        Assert.Equal(5, await crm.Customers.CountAsync(null)); // the stored one + 4 imported
        Assert.Equal("Stored", (await crm.Customers.GetAsync(stored.Id))!.LastName);
        foreach (var i in new[] { 1, 3, 4, 5 })
        {
            // Prepared again from the row's cells: the same values, normalized, and one creation record each.
            var customer = (await crm.Customers.FindByEmailAsync($"c{i}@example.com"))!;
            Assert.Equal(($"Last{i}", $"E-{i}"), (customer.LastName, customer.ExternalId));
            Assert.Equal([$"t{i}", "vip"], customer.Tags);
            Assert.Equal("CustomerCreated", Assert.Single((await crm.Audit.ForRecordAsync("Customer", customer.Id.ToString())).Items).Action);
        }
    }

    [Fact]
    public async Task Cancelling_after_the_first_batch_stops_the_import_with_that_batch_stored_whole()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crm.Csv.ImportAsync(
            ImportKind.Customers, new StringReader(File(3_000)), new CsvImportOptions { BatchSize = 1_000 }, new SyncProgress(_ => cancel.Cancel()), cancel.Token));

        Assert.Equal(1_000, await crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task A_reader_failing_midway_fails_the_import_and_keeps_the_batches_before_it()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var text = File(2_500);
        // The reader throws once it has handed out the first 1,700 rows' characters: batch one (1,000 rows) is complete.
        var failAt = text.IndexOf("E-1701,", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<IOException>(() => crm.Csv.ImportAsync(
            ImportKind.Customers, new FailingReader(text, failAt), new CsvImportOptions { BatchSize = 1_000 }));

        Assert.Equal("disk gone", error.Message);
        Assert.Equal(1_000, await crm.Customers.CountAsync(null));
    }

    /// <summary>Reports on the writer's flow (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    /// <summary>Reads a text and throws an <see cref="IOException"/> once a position is reached.</summary>
    private sealed class FailingReader(string text, int failAt) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_position >= failAt)
            {
                throw new IOException("disk gone");
            }

            var n = Math.Min(Math.Min(buffer.Length, 256), failAt - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(char[] buffer, int index, int count) => Task.FromResult(Read(buffer.AsSpan(index, count)));

        public override int Peek() => _position < failAt ? text[_position] : throw new IOException("disk gone");

        public override int Read() => _position < failAt ? text[_position++] : throw new IOException("disk gone");
    }
}
