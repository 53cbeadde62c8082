using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps scheduled jobs as the scheduler needs: one job per key and tenant, scheduled
/// with or without replacing, joining the session's transaction; due jobs leased across tenants to one instance at a
/// time; outcomes applied only under a live lease (one-off jobs complete, recurring jobs and retries return to pending
/// at their next due time, failures count attempts); cancellation; keyset-paged listings; tenant isolation.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteJobConformance(SqliteFixture fixture) : JobStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>
/// The tests share the fixture's database; each works in tenants of its own. Tests that claim date their jobs in an
/// era of their own, each earlier than every era and job written before it, so a claim (which reaches every tenant)
/// never reaches another test's jobs and the earliest due time in the database is the test's own. The database must
/// hold no scheduled jobs other than the kit's.
/// </para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class JobStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Tests that do not claim date everything from here on, later than every claim era.
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstClaimEra = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int s_claimEra;

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected JobStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "job";

    /// <summary>
    /// Checks that every field of a recurring and of a one-off job round-trips through scheduling and find-by-key
    /// (instants compared as instants, the payload as text), and that unknown keys are not found.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Schedule_FindByKey_RoundTripsEveryField()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var recurring = NewJob(tenant, "report:weekly", Epoch.AddDays(7)) with
            {
                Payload = """{"recipients":["ops@example.com"],"note":"Zoë's \"report\"; DROP TABLE scheduled_jobs"}""",
                RepeatEvery = TimeSpan.FromDays(7).Add(TimeSpan.FromTicks(3)),
                CreatedAt = new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.FromHours(-5)).AddTicks(77),
            };
            var oneOff = NewJob(tenant, "follow-up:" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture), Epoch.AddHours(3));

            foreach (var job in new[] { recurring, oneOff })
            {
                Assert.Equal(job, await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false));
                Assert.Equal(job, await session.Jobs.FindByKeyAsync(job.Key, None).ConfigureAwait(false));
            }

            Assert.Null(await session.Jobs.FindByKeyAsync("no-such-job", None).ConfigureAwait(false));
            Assert.Null(await session.Jobs.FindByKeyAsync("REPORT:WEEKLY", None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that scheduling a key the tenant already has, without replace, returns the existing job and writes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Schedule_ExistingKeyWithoutReplace_ReturnsTheExistingJob()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Jobs.ScheduleAsync(NewJob(tenant, "reminder:1", Epoch), replace: false, None).ConfigureAwait(false);
            var again = NewJob(tenant, "reminder:1", Epoch.AddDays(1)) with { Payload = """{"other":true}""", RepeatEvery = TimeSpan.FromHours(1) };

            Assert.Equal(first, await session.Jobs.ScheduleAsync(again, replace: false, None).ConfigureAwait(false));
            Assert.Equal(first, await session.Jobs.FindByKeyAsync("reminder:1", None).ConfigureAwait(false));
            Assert.Equal([first], (await session.Jobs.ListAsync(new ScheduledJobQuery(), None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>
    /// Checks that scheduling with replace overwrites the job with the key (kind, payload, due time, interval), keeping
    /// its id and creation time, back to pending with no attempts or error, whatever its status was; a running job's
    /// lease is dropped, so its instance can no longer report and the job is claimable at its new due time. Scheduling
    /// the stored job itself again (same id and key) replaces it or returns it, never a duplicate error.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Schedule_WithReplace_ReplacesTheJobAndDropsItsLease()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var original = await session.Jobs.ScheduleAsync(NewJob(tenant, "digest", era), replace: true, None).ConfigureAwait(false);
            Assert.Equal(original, await session.Jobs.FindByKeyAsync("digest", None).ConfigureAwait(false));
            var claimed = Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromHours(1), [tenant]).ConfigureAwait(false));
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(original.Id, "engine-a", ScheduledJobStatus.Pending, era.AddMinutes(1), 1, "timeout", era), None).ConfigureAwait(false));
            Assert.Single(await ClaimOwnAsync(era.AddMinutes(1), "engine-a", TimeSpan.FromHours(1), [tenant]).ConfigureAwait(false));
            Assert.Equal(claimed.Job.Id, original.Id);

            var replacement = NewJob(tenant, "digest", era.AddMinutes(30)) with
            {
                Kind = "digest-v2",
                Payload = """{"v":2}""",
                RepeatEvery = TimeSpan.FromDays(1),
                CreatedAt = era.AddMinutes(2),
                UpdatedAt = era.AddMinutes(2),
            };
            var stored = await session.Jobs.ScheduleAsync(replacement, replace: true, None).ConfigureAwait(false);

            var expected = replacement with { Id = original.Id, CreatedAt = original.CreatedAt };
            Assert.Equal(expected, stored);
            Assert.Equal(expected, await session.Jobs.FindByKeyAsync("digest", None).ConfigureAwait(false));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(original.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era.AddMinutes(3)), None).ConfigureAwait(false));
            Assert.Empty(await ClaimOwnAsync(era.AddMinutes(29), "engine-b", TimeSpan.FromHours(1), [tenant]).ConfigureAwait(false));
            var reclaimed = Assert.Single(await ClaimOwnAsync(era.AddMinutes(30), "engine-b", TimeSpan.FromHours(1), [tenant]).ConfigureAwait(false));
            Assert.Equal(expected, reclaimed.Job);

            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(original.Id, "engine-b", ScheduledJobStatus.Failed, null, 3, "gave up", era.AddMinutes(31)), None).ConfigureAwait(false));
            var revived = await session.Jobs.ScheduleAsync(replacement with { Id = Guid.NewGuid(), DueAt = era.AddHours(1) }, replace: true, None).ConfigureAwait(false);
            Assert.Equal(expected with { DueAt = era.AddHours(1) }, revived);
            Assert.Equal(revived with { DueAt = era.AddHours(2) }, await session.Jobs.ScheduleAsync(revived with { DueAt = era.AddHours(2) }, replace: true, None).ConfigureAwait(false));
            Assert.Equal(revived with { DueAt = era.AddHours(2) }, await session.Jobs.ScheduleAsync(revived, replace: false, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that bad schedules are refused and store nothing: a job of another tenant, one not
    /// <see cref="ScheduledJobStatus.Pending"/>, and an id already used by a job with another key.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Schedule_ForeignTenantNotPendingOrDuplicateId_IsRefused()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Jobs.ScheduleAsync(NewJob(tenant, "a", Epoch), replace: false, None).ConfigureAwait(false);

            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Jobs.ScheduleAsync(NewJob(NewTenantId(), "b", Epoch), replace: false, None)).ConfigureAwait(false);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => session.Jobs.ScheduleAsync(NewJob(tenant, "c", Epoch) with { Status = ScheduledJobStatus.Completed }, replace: true, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Jobs.ScheduleAsync(NewJob(tenant, "d", Epoch) with { Id = first.Id }, replace: false, None)).ConfigureAwait(false);

            Assert.Equal([first], (await session.Jobs.ListAsync(new ScheduledJobQuery(), None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>Checks that a job scheduled inside a session transaction is gone after a rollback and kept after a commit.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Schedule_InTransaction_CommitsOrRollsBack()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var job = NewJob(tenant, "tx-job", Epoch);
            for (var commit = 0; commit < 2; commit++)
            {
                var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await session.Jobs.ScheduleAsync(job, replace: commit == 1, None).ConfigureAwait(false);
                    if (commit == 1)
                    {
                        await transaction.CommitAsync(None).ConfigureAwait(false);
                    }
                }

                if (commit == 0)
                {
                    Assert.Null(await session.Jobs.FindByKeyAsync("tx-job", None).ConfigureAwait(false));
                }
            }

            Assert.Equal(job, await session.Jobs.FindByKeyAsync("tx-job", None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that listing returns the tenant's jobs soonest due first, page by page with every job once, filtered by
    /// kind and status alone and combined; and that malformed tokens and page sizes are refused.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task List_SoonestDueFirst_PagesAndFilters()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = new List<ScheduledJob>();
            for (var i = 0; i < 9; i++)
            {
                // Two jobs share each due time, so ties are broken across page boundaries.
                var job = NewJob(tenant, "job:" + i.ToString(CultureInfo.InvariantCulture), Epoch.AddHours(9 - (i / 2))) with { Kind = i % 3 == 0 ? "reminder" : "report" };
                stored.Add(await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false));
            }

            foreach (var i in new[] { 0, 4, 5 })
            {
                Assert.True(await session.Jobs.CancelAsync(stored[i].Key, Epoch, None).ConfigureAwait(false));
            }

            var cancelled = new HashSet<string>(["job:0", "job:4", "job:5"]);
            var all = await ListAllAsync(session, new ScheduledJobQuery(), 2).ConfigureAwait(false);
            Assert.Equal(stored.Count, all.Select(j => j.Id).Distinct().Count());
            Assert.Equal(stored.Select(j => j.DueAt).Order(), all.Select(j => j.DueAt));
            Assert.Equal(
                stored.Where(j => j.Kind == "reminder").Select(j => j.Key).Order(StringComparer.Ordinal),
                (await ListAllAsync(session, new ScheduledJobQuery { Kind = "reminder" }, 1).ConfigureAwait(false)).Select(j => j.Key).Order(StringComparer.Ordinal));
            Assert.Equal(
                cancelled.Order(StringComparer.Ordinal),
                (await ListAllAsync(session, new ScheduledJobQuery { Status = ScheduledJobStatus.Cancelled }, 2).ConfigureAwait(false)).Select(j => j.Key).Order(StringComparer.Ordinal));
            var combined = await ListAllAsync(session, new ScheduledJobQuery { Kind = "report", Status = ScheduledJobStatus.Pending }, 2).ConfigureAwait(false);
            Assert.Equal(
                stored.Where(j => j.Kind == "report" && !cancelled.Contains(j.Key)).OrderBy(j => j.DueAt).Select(j => j.DueAt),
                combined.Select(j => j.DueAt));
            Assert.Empty((await session.Jobs.ListAsync(new ScheduledJobQuery { Kind = "nothing" }, None).ConfigureAwait(false)).Items);

            await Assert.ThrowsAsync<CrmValidationException>(() => session.Jobs.ListAsync(new ScheduledJobQuery { Page = new PageRequest(2, "AQ") }, None)).ConfigureAwait(false);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => session.Jobs.ListAsync(new ScheduledJobQuery { Page = new PageRequest(PageRequest.MaxSize + 1) }, None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks that another tenant's session cannot find, list, cancel or complete a job, and that the same key is
    /// independent per tenant.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenancy_OtherTenant_SeesAndChangesNothing()
    {
        var era = NextClaimEra();
        var owner = NewTenantId();
        var intruder = NewTenantId();
        var job = NewJob(owner, "shared-key", era);
        var session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false);
        }

        Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(10), [owner]).ConfigureAwait(false));
        var other = await OpenAsync(intruder).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Jobs.FindByKeyAsync("shared-key", None).ConfigureAwait(false));
            Assert.Empty((await other.Jobs.ListAsync(new ScheduledJobQuery(), None).ConfigureAwait(false)).Items);
            Assert.False(await other.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era), None).ConfigureAwait(false));
            Assert.False(await other.Jobs.CancelAsync("shared-key", era, None).ConfigureAwait(false));

            var own = NewJob(intruder, "shared-key", Epoch);
            Assert.Equal(own, await other.Jobs.ScheduleAsync(own, replace: true, None).ConfigureAwait(false));
        }

        session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(job, await session.Jobs.FindByKeyAsync("shared-key", None).ConfigureAwait(false));
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era.AddMinutes(1)), None).ConfigureAwait(false));
        }
    }

    /// <summary>Creates a pending one-off job.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="key">The key.</param>
    /// <param name="due">When it is due.</param>
    /// <returns>The job.</returns>
    protected static ScheduledJob NewJob(string tenant, string key, DateTimeOffset due) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Kind = "reminder",
        Key = key,
        Payload = """{"interactionId":"8f0c2d3e-1111-4c4c-9a9a-000000000001"}""",
        DueAt = due,
        Status = ScheduledJobStatus.Pending,
        CreatedAt = due.AddDays(-1),
        UpdatedAt = due.AddDays(-1),
    };

    private static async Task<List<ScheduledJob>> ListAllAsync(IStorageSession session, ScheduledJobQuery query, int pageSize)
    {
        var items = new List<ScheduledJob>();
        for (string? token = null; ;)
        {
            var page = await session.Jobs.ListAsync(query with { Page = new PageRequest(pageSize, token) }, None).ConfigureAwait(false);
            Assert.True(page.Items.Count <= pageSize);
            items.AddRange(page.Items);
            if ((token = page.ContinuationToken) is null)
            {
                return items;
            }
        }
    }

    private async Task<List<ClaimedScheduledJob>> ClaimOwnAsync(DateTimeOffset now, string owner, TimeSpan lease, string[] tenants, int max = 1_000)
    {
        var claimed = await Provider.ClaimDueJobsAsync(new LeaseClaim(now, owner, lease, max), None).ConfigureAwait(false);
        return claimed.Where(c => tenants.Contains(c.Job.TenantId)).ToList();
    }

    // Each claim era lies five years before the previous one, and every test that does not claim dates its jobs after
    // all of them, so a claim never reaches a job of a test that ran before.
    private static DateTimeOffset NextClaimEra() => FirstClaimEra.AddYears(-5 * Interlocked.Increment(ref s_claimEra));
}
