using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps the transactional outbox and inbound receipts as the messaging runtime needs:
/// enqueues deduplicated by idempotency key per tenant and joining the session's transaction, due messages leased
/// across tenants to one dispatcher at a time, attempts recorded only under a live lease, requeue and cancel rules,
/// keyset-paged listings, inbound receipts recorded once per (channel, id) and poller cursors, all per tenant.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteOutboxConformance(SqliteFixture fixture) : OutboxStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>
/// The tests share the fixture's database; each works in tenants of its own. Tests that claim date their messages in
/// an era of their own, each earlier than every era and message written before it, so a claim (which reaches every
/// tenant) never reaches another test's messages and the earliest due time in the database is the test's own.
/// The database must hold no outbox messages other than the kit's.
/// </para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class OutboxStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Tests that do not claim date everything from here on, later than every claim era.
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstClaimEra = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
    private static int s_claimEra;

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected OutboxStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "ob";

    /// <summary>
    /// Checks that every field of a message round-trips through enqueue, get and find-by-key (instants compared as
    /// instants, headers as a map), for a message using every field and one using none of the optional ones.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Enqueue_GetAndFindByKey_RoundTripEveryField()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var full = NewMessage(tenant, Epoch.AddHours(1)) with
            {
                Subject = "Ihre Bestellung \"#42\"; DROP TABLE outbox_messages; --",
                TextBody = "Grüße, Zoë 👋\nLine two",
                Headers = new Dictionary<string, string> { ["Reply-To"] = "support@example.com", ["X-Ünïcode"] = "wert; 'quoted'" },
                CreatedAt = new DateTimeOffset(2030, 1, 1, 2, 30, 0, TimeSpan.FromHours(2)).AddTicks(1234),
            };
            var minimal = new OutboxMessage
            {
                Id = Guid.NewGuid(),
                TenantId = tenant,
                Channel = "sms",
                Recipient = "+4915112345678",
                TextBody = "",
                IdempotencyKey = "minimal:" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
                NextAttemptAt = Epoch,
                CreatedAt = Epoch,
                UpdatedAt = Epoch,
            };

            foreach (var message in new[] { full, minimal })
            {
                AssertSameMessage(message, await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false));
                AssertSameMessage(message, await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
                AssertSameMessage(message, await session.Outbox.FindByIdempotencyKeyAsync(message.IdempotencyKey, None).ConfigureAwait(false));
            }

            Assert.Null(await session.Outbox.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.FindByIdempotencyKeyAsync("no-such-key", None).ConfigureAwait(false));
            Assert.Empty(await session.Outbox.GetAttemptsAsync(full.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that enqueueing a second message with a key the tenant already used (or the same message again) returns
    /// the first message and writes nothing, and that keys compare exactly (a key differing in case is another key).
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Enqueue_ExistingKey_ReturnsFirstAndWritesNothing()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch, key: "order:42:confirmation"), None).ConfigureAwait(false);
            var again = NewMessage(tenant, Epoch.AddDays(1), key: "order:42:confirmation") with { Recipient = "someone-else@example.com", TextBody = "other" };

            var returned = await session.Outbox.EnqueueAsync(again, None).ConfigureAwait(false);

            AssertSameMessage(first, returned);
            AssertSameMessage(first, await session.Outbox.EnqueueAsync(first, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.GetAsync(again.Id, None).ConfigureAwait(false));
            AssertSameMessage(first, await session.Outbox.FindByIdempotencyKeyAsync("order:42:confirmation", None).ConfigureAwait(false));
            var otherCase = await session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch, key: "ORDER:42:confirmation"), None).ConfigureAwait(false);
            Assert.NotEqual(first.Id, otherCase.Id);
            var all = await session.Outbox.ListAsync(new OutboxQuery(), None).ConfigureAwait(false);
            Assert.Equal(2, all.Items.Count);
        }
    }

    /// <summary>
    /// Checks that bad enqueues are refused and store nothing: an id already used (with another key), a message of
    /// another tenant, a message not <see cref="OutboxStatus.Pending"/>.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Enqueue_DuplicateIdForeignTenantOrNotPending_IsRefused()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch), None).ConfigureAwait(false);

            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch) with { Id = first.Id }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Outbox.EnqueueAsync(NewMessage(NewTenantId(), Epoch), None)).ConfigureAwait(false);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch) with { Status = OutboxStatus.Delivered }, None)).ConfigureAwait(false);

            var all = await session.Outbox.ListAsync(new OutboxQuery(), None).ConfigureAwait(false);
            AssertSameMessage(first, Assert.Single(all.Items));
        }
    }

    /// <summary>
    /// Checks that an enqueue inside a session transaction commits or rolls back with the business change beside it:
    /// after a rollback neither the customer nor the message exists and the key is free again.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Enqueue_InTransaction_CommitsOrRollsBackWithTheBusinessChange()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = ConformanceData.Customer(tenant, 1, Epoch);
            var message = NewMessage(tenant, Epoch, key: "welcome:" + customer.Id.ToString("N", CultureInfo.InvariantCulture)) with { CustomerId = customer.Id };
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Customers.InsertAsync(customer, None).ConfigureAwait(false);
                await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
                AssertSameMessage(message, await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }

            Assert.Null(await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.FindByIdempotencyKeyAsync(message.IdempotencyKey, None).ConfigureAwait(false));

            var retry = message with { Id = Guid.NewGuid() };
            transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Customers.InsertAsync(customer, None).ConfigureAwait(false);
                await session.Outbox.EnqueueAsync(retry, None).ConfigureAwait(false);
                await transaction.CommitAsync(None).ConfigureAwait(false);
            }

            Assert.NotNull(await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false));
            AssertSameMessage(retry, await session.Outbox.FindByIdempotencyKeyAsync(message.IdempotencyKey, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that listing returns the tenant's messages newest first (by creation time), page by page with every
    /// message once, filtered by status, customer and campaign alone and combined; and that malformed tokens and page
    /// sizes are refused.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task List_NewestFirst_PagesAndFilters()
    {
        var tenant = NewTenantId();
        var customer = Guid.NewGuid();
        var campaign = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = new List<OutboxMessage>();
            for (var i = 0; i < 9; i++)
            {
                // Two messages share each creation time, so ties are broken across page boundaries.
                var message = NewMessage(tenant, Epoch) with
                {
                    CustomerId = i % 3 == 0 ? customer : Guid.NewGuid(),
                    CampaignId = i % 2 == 0 ? campaign : null,
                    CreatedAt = Epoch.AddMinutes(i / 2),
                };
                stored.Add(await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false));
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.True(await session.Outbox.CancelAsync(stored[i * 4].Id, Epoch.AddHours(1), None).ConfigureAwait(false));
            }

            var cancelled = new HashSet<Guid> { stored[0].Id, stored[4].Id, stored[8].Id };
            var newestFirst = stored.OrderByDescending(m => m.CreatedAt).ToList();

            var all = await ListAllAsync(session, new OutboxQuery(), 2).ConfigureAwait(false);
            Assert.Equal(stored.Count, all.Select(m => m.Id).Distinct().Count());
            Assert.Equal(newestFirst.Select(m => m.CreatedAt), all.Select(m => m.CreatedAt));
            Assert.Equal(
                newestFirst.Where(m => cancelled.Contains(m.Id)).Select(m => m.Id).Order(),
                (await ListAllAsync(session, new OutboxQuery { Status = OutboxStatus.Cancelled }, 1).ConfigureAwait(false)).Select(m => m.Id).Order());
            Assert.Equal(
                stored.Where(m => m.CustomerId == customer).Select(m => m.Id).Order(),
                (await ListAllAsync(session, new OutboxQuery { CustomerId = customer }, 2).ConfigureAwait(false)).Select(m => m.Id).Order());
            Assert.Equal(
                stored.Where(m => m.CampaignId == campaign).Select(m => m.Id).Order(),
                (await ListAllAsync(session, new OutboxQuery { CampaignId = campaign }, 3).ConfigureAwait(false)).Select(m => m.Id).Order());
            var combined = await ListAllAsync(session, new OutboxQuery { Status = OutboxStatus.Pending, CustomerId = customer, CampaignId = campaign }, 1).ConfigureAwait(false);
            Assert.Equal(
                stored.Where(m => m.CustomerId == customer && m.CampaignId == campaign && !cancelled.Contains(m.Id)).Select(m => m.Id).Order(),
                combined.Select(m => m.Id).Order());
            Assert.Empty((await session.Outbox.ListAsync(new OutboxQuery { Status = OutboxStatus.DeadLettered }, None).ConfigureAwait(false)).Items);

            await Assert.ThrowsAsync<CrmValidationException>(() => session.Outbox.ListAsync(new OutboxQuery { Page = new PageRequest(2, "not-a-token") }, None)).ConfigureAwait(false);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => session.Outbox.ListAsync(new OutboxQuery { Page = new PageRequest(0) }, None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks that another tenant's session cannot see, list, record, requeue or cancel a message, and that the same
    /// idempotency key is independent per tenant.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenancy_OtherTenant_SeesAndChangesNothing()
    {
        var era = NextClaimEra();
        var owner = NewTenantId();
        var intruder = NewTenantId();
        var message = NewMessage(owner, era.AddMinutes(1), key: "shared-key");
        var deadLetter = NewMessage(owner, era.AddMinutes(2));
        var session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
            await session.Outbox.EnqueueAsync(deadLetter, None).ConfigureAwait(false);
        }

        var claimed = await ClaimOwnAsync(era.AddMinutes(5), "engine-a", TimeSpan.FromMinutes(10), [owner]).ConfigureAwait(false);
        Assert.Equal(2, claimed.Count);
        session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.True(await session.Outbox.RecordAttemptAsync(Result(deadLetter, 1, "engine-a", era.AddMinutes(5), OutboxAttemptOutcome.PermanentFailure, OutboxStatus.DeadLettered), None).ConfigureAwait(false));
        }

        var other = await OpenAsync(intruder).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
            Assert.Null(await other.Outbox.FindByIdempotencyKeyAsync("shared-key", None).ConfigureAwait(false));
            Assert.Empty((await other.Outbox.ListAsync(new OutboxQuery(), None).ConfigureAwait(false)).Items);
            Assert.Empty(await other.Outbox.GetAttemptsAsync(deadLetter.Id, None).ConfigureAwait(false));
            Assert.False(await other.Outbox.RecordAttemptAsync(Result(message, 1, "engine-a", era.AddMinutes(6), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.False(await other.Outbox.RequeueAsync(deadLetter.Id, era.AddMinutes(7), None).ConfigureAwait(false));
            Assert.False(await other.Outbox.CancelAsync(message.Id, era.AddHours(1), None).ConfigureAwait(false));

            var own = NewMessage(intruder, Epoch, key: "shared-key");
            AssertSameMessage(own, await other.Outbox.EnqueueAsync(own, None).ConfigureAwait(false));
        }

        session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false);
            AssertSameMessage(message, stored);
            AssertSameMessage(message, await session.Outbox.FindByIdempotencyKeyAsync("shared-key", None).ConfigureAwait(false));
            Assert.Equal(OutboxStatus.DeadLettered, (await session.Outbox.GetAsync(deadLetter.Id, None).ConfigureAwait(false))!.Status);
            Assert.Single(await session.Outbox.GetAttemptsAsync(deadLetter.Id, None).ConfigureAwait(false));
            Assert.True(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-a", era.AddMinutes(6), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
        }
    }

    /// <summary>Creates a pending message that uses every field.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="due">When it is due.</param>
    /// <param name="key">The idempotency key; a fresh one when <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    protected static OutboxMessage NewMessage(string tenant, DateTimeOffset due, string? key = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Channel = "email",
        CustomerId = Guid.NewGuid(),
        Recipient = "ada@example.com",
        Subject = "Your order",
        TextBody = "Hello Ada",
        HtmlBody = "<p>Hello <b>Ada</b></p>",
        Headers = new Dictionary<string, string> { ["Reply-To"] = "support@example.com" },
        IdempotencyKey = key ?? "msg:" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
        Purpose = MessagePurposes.Marketing,
        Status = OutboxStatus.Pending,
        NextAttemptAt = due,
        TemplateId = "order-confirmation",
        DealId = Guid.NewGuid(),
        CaseId = Guid.NewGuid(),
        CampaignId = Guid.NewGuid(),
        CampaignVariant = "B",
        CreatedAt = due.AddMinutes(-1),
        UpdatedAt = due.AddMinutes(-1),
    };

    /// <summary>Asserts that a stored message equals the expected one field by field, headers compared as a map.</summary>
    /// <param name="expected">The expected message.</param>
    /// <param name="actual">The stored message.</param>
    protected static void AssertSameMessage(OutboxMessage expected, OutboxMessage? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { Headers = NoHeaders }, actual with { Headers = NoHeaders });
        Assert.Equal(
            expected.Headers.OrderBy(h => h.Key, StringComparer.Ordinal),
            actual.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
    }

    private static OutboxAttemptResult Result(
        OutboxMessage message, int number, string owner, DateTimeOffset at, OutboxAttemptOutcome outcome, OutboxStatus status,
        DateTimeOffset? next = null, string? detail = null, string? providerId = null, Guid? interactionId = null) =>
        new(new OutboxAttempt(message.Id, number, at, outcome, detail, providerId, TimeSpan.FromMilliseconds(250)), owner, status, next ?? at, interactionId);

    private static async Task<List<OutboxMessage>> ListAllAsync(IStorageSession session, OutboxQuery query, int pageSize)
    {
        var items = new List<OutboxMessage>();
        for (string? token = null; ;)
        {
            var page = await session.Outbox.ListAsync(query with { Page = new PageRequest(pageSize, token) }, None).ConfigureAwait(false);
            Assert.True(page.Items.Count <= pageSize);
            items.AddRange(page.Items);
            if ((token = page.ContinuationToken) is null)
            {
                return items;
            }
        }
    }

    private async Task<List<ClaimedOutboxMessage>> ClaimOwnAsync(DateTimeOffset now, string owner, TimeSpan lease, string[] tenants, int max = 1_000)
    {
        var claimed = await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, owner, lease, max), None).ConfigureAwait(false);
        return claimed.Where(c => tenants.Contains(c.Message.TenantId)).ToList();
    }

    // Each claim era lies five years before the previous one, and every test that does not claim dates its messages
    // after all of them, so a claim never reaches a message of a test that ran before.
    private static DateTimeOffset NextClaimEra() => FirstClaimEra.AddYears(-5 * Interlocked.Increment(ref s_claimEra));
}
