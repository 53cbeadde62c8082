using System.Globalization;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps the audit log as the engine needs: appends with every field and change
/// round-tripped, a second append of the same id skipped, newest-first keyset pages per record and per actor, appends
/// joining the session's transaction (rolled back with it), records of another tenant refused and never visible.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteAuditConformance(SqliteFixture fixture) : AuditStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>Append-only at the database level (no UPDATE or DELETE) is provider-specific and tested with the provider.</para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract class AuditStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected AuditStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "audit";

    /// <summary>Every field and change survives the round trip, including null before/after values.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Append_then_query_by_record_round_trips_every_field()
    {
        var tenant = NewTenantId();
        var record = Record(tenant, 1, "ada", "Customer", "c-1") with
        {
            Origin = "plugin:acme.sync",
            Changes = [new AuditFieldChange("firstName", "Ada", "Augusta"), new AuditFieldChange("company", null, "Acme \"Ltd\""), new AuditFieldChange("tags", "[\"vip\"]", null)],
        };
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Audit.AppendAsync([record], None).ConfigureAwait(false);
            var page = await session.Audit.QueryAsync(new AuditQuery { RecordType = "Customer", RecordId = "c-1" }, None).ConfigureAwait(false);

            var stored = Assert.Single(page.Items);
            Assert.Equal(record.Id, stored.Id);
            Assert.Equal(tenant, stored.TenantId);
            Assert.Equal(record.OccurredAt, stored.OccurredAt);
            Assert.Equal(("ada", "plugin:acme.sync", "Customer", "c-1", "CustomerUpdated"), (stored.Actor, stored.Origin, stored.RecordType, stored.RecordId, stored.Action));
            Assert.Equal(record.Changes, stored.Changes);
            Assert.Null(page.ContinuationToken);
        }
    }

    /// <summary>Delivering the same event twice leaves one record.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task A_second_append_of_the_same_id_is_skipped()
    {
        var tenant = NewTenantId();
        var record = Record(tenant, 1, "ada", "Customer", "c-1");
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Audit.AppendAsync([record], None).ConfigureAwait(false);
            await session.Audit.AppendAsync([record with { Action = "Replayed" }], None).ConfigureAwait(false);

            Assert.Equal("CustomerUpdated", Assert.Single((await session.Audit.QueryAsync(new AuditQuery { Actor = "ada" }, None).ConfigureAwait(false)).Items).Action);
        }
    }

    /// <summary>Pages run newest first and the continuation token picks up where the page ended; filters hold.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Pages_per_record_and_per_actor_run_newest_first()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // Five writes: ada writes c-1 three times (n = 1, 2, 4), bob writes c-1 once (n = 3) and c-2 once (n = 5).
            await session.Audit.AppendAsync(
            [
                Record(tenant, 1, "ada", "Customer", "c-1"), Record(tenant, 2, "ada", "Customer", "c-1"), Record(tenant, 3, "bob", "Customer", "c-1"),
                Record(tenant, 4, "ada", "Customer", "c-1"), Record(tenant, 5, "bob", "Customer", "c-2"),
            ], None).ConfigureAwait(false);

            var first = await session.Audit.QueryAsync(new AuditQuery { RecordType = "Customer", RecordId = "c-1", Page = new PageRequest(3) }, None).ConfigureAwait(false);
            var second = await session.Audit.QueryAsync(new AuditQuery { RecordType = "Customer", RecordId = "c-1", Page = new PageRequest(3, first.ContinuationToken) }, None).ConfigureAwait(false);
            var bob = await session.Audit.QueryAsync(new AuditQuery { Actor = "bob" }, None).ConfigureAwait(false);

            Assert.Equal([4, 3, 2], first.Items.Select(Minute));
            Assert.NotNull(first.ContinuationToken);
            Assert.Equal([1], second.Items.Select(Minute));
            Assert.Null(second.ContinuationToken);
            Assert.Equal([5, 3], bob.Items.Select(Minute));
        }
    }

    /// <summary>An append inside a transaction that rolls back leaves nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Appends_join_the_session_transaction()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Audit.AppendAsync([Record(tenant, 1, "ada", "Customer", "c-1")], None).ConfigureAwait(false);
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }

            Assert.Empty((await session.Audit.QueryAsync(new AuditQuery { Actor = "ada" }, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>A record of another tenant is refused; one tenant never reads another's log.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Tenants_are_isolated()
    {
        var alpha = NewTenantId();
        var beta = NewTenantId();
        var session = await OpenAsync(alpha).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Audit.AppendAsync([Record(alpha, 1, "ada", "Customer", "c-1")], None).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Audit.AppendAsync([Record(beta, 2, "ada", "Customer", "c-1")], None)).ConfigureAwait(false);
        }

        var other = await OpenAsync(beta).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty((await other.Audit.QueryAsync(new AuditQuery { Actor = "ada" }, None).ConfigureAwait(false)).Items);
            Assert.Empty((await other.Audit.QueryAsync(new AuditQuery { RecordType = "Customer", RecordId = "c-1" }, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>An erasure empties the values of the customer's records and keeps who did what when; other customers keep theirs.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public async Task Redacting_a_customer_empties_only_that_customers_values()
    {
        var tenant = NewTenantId();
        var erased = Guid.NewGuid();
        var kept = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Audit.AppendAsync([Record(tenant, 1, "ada", "Customer", "c-1") with { CustomerId = erased }, Record(tenant, 2, "ada", "Interaction", "i-1") with { CustomerId = erased }, Record(tenant, 3, "ada", "Customer", "c-2") with { CustomerId = kept }], None).ConfigureAwait(false);

            var redacted = await session.Audit.RedactCustomerAsync(erased, None).ConfigureAwait(false);
            var page = await session.Audit.QueryAsync(new AuditQuery { Actor = "ada" }, None).ConfigureAwait(false);

            Assert.Equal(2, redacted);
            Assert.Equal([3, 2, 1], page.Items.Select(Minute));
            Assert.NotEmpty(page.Items[0].Changes);
            Assert.Empty(page.Items[1].Changes);
            Assert.Empty(page.Items[2].Changes);
            Assert.Equal((erased, "Interaction", "i-1"), (page.Items[1].CustomerId!.Value, page.Items[1].RecordType, page.Items[1].RecordId));
        }
    }

    private static int Minute(AuditRecord record) => (int)(record.OccurredAt - Epoch).TotalMinutes;

    private static AuditRecord Record(string tenant, int minute, string actor, string type, string id) => new()
    {
        Id = Guid.CreateVersion7(Epoch.AddMinutes(minute)),
        TenantId = tenant,
        OccurredAt = Epoch.AddMinutes(minute),
        Actor = actor,
        Origin = "direct",
        RecordType = type,
        RecordId = id,
        Action = "CustomerUpdated",
        Changes = [new AuditFieldChange("n", null, minute.ToString(CultureInfo.InvariantCulture))],
    };
}
