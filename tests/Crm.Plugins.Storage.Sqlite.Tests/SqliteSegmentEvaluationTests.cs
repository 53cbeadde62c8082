using Crm.Engine;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>The SQLite evaluation reads count and page in one statement; these cover what that statement cannot see.</summary>
public sealed class SqliteSegmentEvaluationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task EvaluateAsync_ContinuationPastTheLastMember_EmptyPageStillCounts()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using var session = await provider.OpenSessionAsync("t", None);
        var customers = Enumerable.Range(0, 3)
            .Select(n => new Customer { Id = Guid.NewGuid(), TenantId = "t", Company = "Acme", CreatedAt = DateTimeOffset.UnixEpoch.AddDays(n) })
            .ToList();
        await session.Customers.BulkInsertAsync(customers, None);
        var query = new StorageQuery { Filter = Condition.Compare("company", ComparisonOperator.Eq, new StringValue("Acme")), AsOf = DateTimeOffset.UnixEpoch, Page = new PageRequest(2) };

        var first = await session.Segments.EvaluateAsync(query, None);
        Assert.Equal(3, first.Count);
        Assert.Equal(customers.Take(2).Select(c => c.Id), first.Members.Items.Select(c => c.Id));

        // The token points at the second customer; with the third gone, the next page is empty and only a separate count can tell.
        await session.Customers.DeleteAsync(customers[2].Id, 1, None);
        var past = await session.Segments.EvaluateAsync(query with { Page = new PageRequest(2, first.Members.ContinuationToken) }, None);

        Assert.Empty(past.Members.Items);
        Assert.Null(past.Members.ContinuationToken);
        Assert.Equal(2, past.Count);
    }

    [Fact]
    public async Task EvaluateAsync_NoMatch_ZeroAndEmpty()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using var session = await provider.OpenSessionAsync("t", None);
        await session.Customers.BulkInsertAsync([new Customer { Id = Guid.NewGuid(), TenantId = "t", Company = "Other" }], None);
        await using var other = await provider.OpenSessionAsync("u", None);
        await other.Customers.BulkInsertAsync([new Customer { Id = Guid.NewGuid(), TenantId = "u", Company = "Acme" }], None);

        var evaluation = await session.Segments.EvaluateAsync(
            new StorageQuery { Filter = Condition.Compare("company", ComparisonOperator.Eq, new StringValue("Acme")), AsOf = DateTimeOffset.UnixEpoch }, None);

        Assert.Equal(0, evaluation.Count);
        Assert.Empty(evaluation.Members.Items);
    }
}
