using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider stores workflows as the runtime needs: instances with optimistic concurrency,
/// append-only history, timers per state, idempotency keys unique per instance, all-or-nothing steps inside a session
/// transaction, tenant isolation, and due timers claimed across tenants with leases so that each is leased once.
/// </summary>
/// <remarks>
/// Enroll a provider with one line:
/// <code>public sealed class SqliteWorkflowConformance(SqliteFixture fixture) : WorkflowStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// Tests share the fixture's database; each works in tenants of its own, and timer-claim tests look only at their own
/// tenant's timers, which they date apart from every other test's.
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class WorkflowStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int s_claimEra;

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected WorkflowStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "wf";

    /// <summary>Checks that an instance round-trips every field, starts at version 1 and increments on update.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Instance_InsertGetUpdate_RoundTripsEveryFieldAndCountsVersions()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = NewInstance(tenant);
            var inserted = await session.Workflows.InsertAsync(instance, None).ConfigureAwait(false);
            Assert.Equal(instance with { Version = 1 }, inserted);
            Assert.Equal(inserted, await session.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false));

            var changed = inserted with { State = "done", Status = WorkflowInstanceStatus.Completed, WorkflowVersion = 2, UpdatedAt = instance.UpdatedAt.AddHours(1) };
            var updated = await session.Workflows.UpdateAsync(changed, None).ConfigureAwait(false);
            Assert.Equal(changed with { Version = 2 }, updated);
            Assert.Equal(updated, await session.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Workflows.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that an update based on an old version fails, names the stored version and keeps the newer instance.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Instance_StaleUpdate_ThrowsConcurrencyAndKeepsStored()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var inserted = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            await session.Workflows.UpdateAsync(inserted with { State = "second" }, None).ConfigureAwait(false);

            var error = await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Workflows.UpdateAsync(inserted with { State = "stale" }, None)).ConfigureAwait(false);

            Assert.Equal((1L, 2L), (error.ExpectedVersion, error.ActualVersion!.Value));
            Assert.Equal("second", (await session.Workflows.GetAsync(inserted.Id, None).ConfigureAwait(false))!.State);
            var missing = await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Workflows.UpdateAsync(NewInstance(tenant) with { Version = 1 }, None)).ConfigureAwait(false);
            Assert.Null(missing.ActualVersion);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Workflows.InsertAsync(inserted, None)).ConfigureAwait(false);
        }
    }

    /// <summary>Checks finding instances by entity (optionally by status) and paging through a workflow's instances by version and status.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Instance_FindByEntityAndQueryByWorkflow_FilterAndPage()
    {
        var tenant = NewTenantId();
        var entity = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = new List<WorkflowInstance>();
            for (var i = 0; i < 7; i++)
            {
                var instance = NewInstance(tenant, i % 2 == 0 ? entity : Guid.NewGuid()) with
                {
                    WorkflowVersion = i < 5 ? 1 : 2,
                    Status = i == 4 ? WorkflowInstanceStatus.Completed : WorkflowInstanceStatus.Running,
                    CreatedAt = Epoch.AddMinutes(i),
                };
                stored.Add(await session.Workflows.InsertAsync(instance, None).ConfigureAwait(false));
            }

            var byEntity = await session.Workflows.GetByEntityAsync(entity, null, None).ConfigureAwait(false);
            Assert.Equal(stored.Where((_, i) => i % 2 == 0).Select(s => s.Id), byEntity.Select(s => s.Id));
            var running = await session.Workflows.GetByEntityAsync(entity, WorkflowInstanceStatus.Running, None).ConfigureAwait(false);
            Assert.Equal([stored[0].Id, stored[2].Id, stored[6].Id], running.Select(s => s.Id));

            var query = new WorkflowInstanceQuery("lead-lifecycle") { WorkflowVersion = 1, Status = WorkflowInstanceStatus.Running, Page = new PageRequest(2) };
            var pages = new List<WorkflowInstance>();
            for (string? token = null; ;)
            {
                var page = await session.Workflows.QueryAsync(query with { Page = new PageRequest(2, token) }, None).ConfigureAwait(false);
                Assert.True(page.Items.Count <= 2);
                pages.AddRange(page.Items);
                if ((token = page.ContinuationToken) is null)
                {
                    break;
                }
            }

            Assert.Equal(stored.Take(4).Select(s => s.Id), pages.Select(s => s.Id));
            var other = await session.Workflows.QueryAsync(new WorkflowInstanceQuery("other-workflow"), None).ConfigureAwait(false);
            Assert.Empty(other.Items);
        }
    }

    /// <summary>
    /// Checks what a customer merge relies on: an update that changes <see cref="WorkflowInstance.EntityId"/> moves the
    /// instance to the other entity with its timers and history, and an update read before the move cannot undo it.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Instance_UpdateEntity_MovesInstanceWithTimersAndHistory()
    {
        var tenant = NewTenantId();
        var (from, to) = (Guid.NewGuid(), Guid.NewGuid());
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.InsertAsync(NewInstance(tenant, from), None).ConfigureAwait(false);
            var other = await session.Workflows.InsertAsync(NewInstance(tenant, from) with { WorkflowId = "onboarding" }, None).ConfigureAwait(false);
            var timer = NewTimer(tenant, instance.Id, "new", Epoch.AddDays(1));
            await session.Workflows.AddTimerAsync(timer, None).ConfigureAwait(false);
            var start = new WorkflowHistoryEntry { InstanceId = instance.Id, Sequence = 1, OccurredAt = Epoch, Trigger = "$start", ToState = "new", WorkflowVersion = 1 };
            await session.Workflows.AppendHistoryAsync(start, None).ConfigureAwait(false);

            var moved = await session.Workflows.UpdateAsync(instance with { EntityId = to, UpdatedAt = Epoch.AddHours(1) }, None).ConfigureAwait(false);

            Assert.Equal((to, 2L), (moved.EntityId, moved.Version));
            Assert.Equal([instance.Id], (await session.Workflows.GetByEntityAsync(to, WorkflowInstanceStatus.Running, None).ConfigureAwait(false)).Select(i => i.Id));
            Assert.Equal([other.Id], (await session.Workflows.GetByEntityAsync(from, null, None).ConfigureAwait(false)).Select(i => i.Id));
            Assert.Equal([timer], await session.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false));
            Assert.Equal([start], (await session.Workflows.GetHistoryAsync(instance.Id, PageRequest.First, None).ConfigureAwait(false)).Items);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Workflows.UpdateAsync(instance with { State = "contacted" }, None)).ConfigureAwait(false);
            Assert.Equal(to, (await session.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false))!.EntityId);
        }
    }

    /// <summary>Checks that history is read back in sequence order, page by page, and that a sequence cannot be written twice.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task History_AppendAndRead_InSequenceOrderAndAppendOnly()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            var entries = Enumerable.Range(1, 5).Select(i => new WorkflowHistoryEntry
            {
                InstanceId = instance.Id,
                Sequence = i,
                OccurredAt = Epoch.AddSeconds(i),
                Trigger = i == 1 ? "$start" : "t" + i.ToString(CultureInfo.InvariantCulture),
                FromState = i == 1 ? null : "s" + (i - 1).ToString(CultureInfo.InvariantCulture),
                ToState = "s" + i.ToString(CultureInfo.InvariantCulture),
                PayloadJson = i == 3 ? """{"budget":12000.5,"name":"O'Brien; DROP TABLE x"}""" : null,
                Actor = "user-" + i.ToString(CultureInfo.InvariantCulture),
                IdempotencyKey = i == 2 ? "key-2" : null,
                WorkflowVersion = 1,
            }).ToList();
            foreach (var entry in entries.AsEnumerable().Reverse())
            {
                await session.Workflows.AppendHistoryAsync(entry, None).ConfigureAwait(false);
            }

            var first = await session.Workflows.GetHistoryAsync(instance.Id, new PageRequest(3), None).ConfigureAwait(false);
            var second = await session.Workflows.GetHistoryAsync(instance.Id, new PageRequest(3, first.ContinuationToken), None).ConfigureAwait(false);
            Assert.Equal(entries, first.Items.Concat(second.Items));
            Assert.Null(second.ContinuationToken);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Workflows.AppendHistoryAsync(entries[1] with { Trigger = "rewrite" }, None)).ConfigureAwait(false);
            Assert.Equal("t2", (await session.Workflows.GetHistoryAsync(instance.Id, new PageRequest(5), None).ConfigureAwait(false)).Items[1].Trigger);
        }
    }

    /// <summary>Checks storing, listing (earliest first) and deleting timers one by one, by state, and all of an instance's.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Timers_AddListAndDelete_ByIdStateAndInstance()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            var other = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            var late = NewTimer(tenant, instance.Id, "open", Epoch.AddDays(3));
            var early = NewTimer(tenant, instance.Id, "contacted", Epoch.AddDays(1));
            var middle = NewTimer(tenant, instance.Id, "contacted", Epoch.AddDays(2));
            var foreign = NewTimer(tenant, other.Id, "contacted", Epoch.AddDays(1));
            foreach (var timer in new[] { late, early, middle, foreign })
            {
                await session.Workflows.AddTimerAsync(timer, None).ConfigureAwait(false);
            }

            Assert.Equal([early, middle, late], await session.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Workflows.AddTimerAsync(early, None)).ConfigureAwait(false);
            Assert.Equal(2, await session.Workflows.DeleteTimersAsync(instance.Id, "contacted", None).ConfigureAwait(false));
            Assert.Equal([late], await session.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false));
            Assert.True(await session.Workflows.DeleteTimerAsync(late.Id, None).ConfigureAwait(false));
            Assert.False(await session.Workflows.DeleteTimerAsync(late.Id, None).ConfigureAwait(false));
            Assert.Equal(1, await session.Workflows.DeleteTimersAsync(other.Id, null, None).ConfigureAwait(false));
            Assert.Empty(await session.Workflows.GetTimersAsync(other.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that an idempotency key is recorded once per instance and may repeat on another instance.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task FireKeys_SameKeyTwice_SecondIsRefusedPerInstance()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            var second = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);

            Assert.True(await session.Workflows.TryRecordFireKeyAsync(first.Id, "event:42", Epoch, None).ConfigureAwait(false));
            Assert.False(await session.Workflows.TryRecordFireKeyAsync(first.Id, "event:42", Epoch.AddMinutes(1), None).ConfigureAwait(false));
            Assert.True(await session.Workflows.TryRecordFireKeyAsync(second.Id, "event:42", Epoch, None).ConfigureAwait(false));
            Assert.True(await session.Workflows.TryRecordFireKeyAsync(first.Id, "EVENT:42", Epoch, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that a workflow step written in a transaction (instance update, history, timers, fire key) disappears
    /// entirely when the transaction is not committed, and is all there when it is.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Step_InTransaction_CommitsOrRollsBackAsOneUnit()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            var oldTimer = NewTimer(tenant, instance.Id, "new", Epoch.AddDays(1));
            await session.Workflows.AddTimerAsync(oldTimer, None).ConfigureAwait(false);

            for (var commit = 0; commit < 2; commit++)
            {
                var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    Assert.True(await session.Workflows.TryRecordFireKeyAsync(instance.Id, "step-1", Epoch, None).ConfigureAwait(false));
                    var updated = await session.Workflows.UpdateAsync(instance with { State = "contacted" }, None).ConfigureAwait(false);
                    await session.Workflows.AppendHistoryAsync(new WorkflowHistoryEntry { InstanceId = instance.Id, Sequence = updated.Version, OccurredAt = Epoch, Trigger = "contact", FromState = "new", ToState = "contacted", WorkflowVersion = 1 }, None).ConfigureAwait(false);
                    await session.Workflows.DeleteTimersAsync(instance.Id, "new", None).ConfigureAwait(false);
                    await session.Workflows.AddTimerAsync(NewTimer(tenant, instance.Id, "contacted", Epoch.AddDays(3)) with { Id = Guid.Parse("00000000-0000-0000-0000-0000000000c1") }, None).ConfigureAwait(false);
                    if (commit == 1)
                    {
                        await transaction.CommitAsync(None).ConfigureAwait(false);
                    }
                }

                var stored = (await session.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false))!;
                var history = await session.Workflows.GetHistoryAsync(instance.Id, PageRequest.First, None).ConfigureAwait(false);
                var timers = await session.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false);
                if (commit == 0)
                {
                    Assert.Equal(("new", 1L), (stored.State, stored.Version));
                    Assert.Empty(history.Items);
                    Assert.Equal([oldTimer], timers);
                }
                else
                {
                    Assert.Equal(("contacted", 2L), (stored.State, stored.Version));
                    Assert.Equal("contact", Assert.Single(history.Items).Trigger);
                    Assert.Equal("contacted", Assert.Single(timers).State);
                    Assert.False(await session.Workflows.TryRecordFireKeyAsync(instance.Id, "step-1", Epoch, None).ConfigureAwait(false));
                }
            }
        }
    }

    /// <summary>Checks that one tenant cannot read, change or write another tenant's instances, history, timers or keys.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenancy_OtherTenant_SeesAndChangesNothing()
    {
        var owner = NewTenantId();
        var intruder = NewTenantId();
        WorkflowInstance instance;
        var session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            instance = await session.Workflows.InsertAsync(NewInstance(owner), None).ConfigureAwait(false);
            await session.Workflows.AddTimerAsync(NewTimer(owner, instance.Id, "new", Epoch), None).ConfigureAwait(false);
            await session.Workflows.AppendHistoryAsync(new WorkflowHistoryEntry { InstanceId = instance.Id, Sequence = 1, OccurredAt = Epoch, Trigger = "$start", ToState = "new", WorkflowVersion = 1 }, None).ConfigureAwait(false);
        }

        var other = await OpenAsync(intruder).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false));
            Assert.Empty(await other.Workflows.GetByEntityAsync(instance.EntityId, null, None).ConfigureAwait(false));
            Assert.Empty(await other.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false));
            Assert.Empty((await other.Workflows.GetHistoryAsync(instance.Id, PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Empty((await other.Workflows.QueryAsync(new WorkflowInstanceQuery(instance.WorkflowId), None).ConfigureAwait(false)).Items);
            Assert.Equal(0, await other.Workflows.DeleteTimersAsync(instance.Id, null, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => other.Workflows.UpdateAsync(instance with { TenantId = intruder, State = "hijacked" }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => other.Workflows.InsertAsync(NewInstance(owner), None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => other.Workflows.AddTimerAsync(NewTimer(owner, instance.Id, "new", Epoch), None)).ConfigureAwait(false);
        }

        var check = await OpenAsync(owner).ConfigureAwait(false);
        await using (check.ConfigureAwait(false))
        {
            Assert.Equal("new", (await check.Workflows.GetAsync(instance.Id, None).ConfigureAwait(false))!.State);
            Assert.Single(await check.Workflows.GetTimersAsync(instance.Id, None).ConfigureAwait(false));
        }

        Assert.Contains(owner, await Provider.GetWorkflowTenantsAsync(instance.WorkflowId, None).ConfigureAwait(false));
        Assert.DoesNotContain(intruder, await Provider.GetWorkflowTenantsAsync(instance.WorkflowId, None).ConfigureAwait(false));
    }

    /// <summary>
    /// Checks claiming due timers across tenants: only due ones, earliest first, with their tenants; a leased timer is
    /// not claimed again until its lease expires; the next due time is reported.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueTimers_AcrossTenants_LeasesEachUntilTheLeaseExpires()
    {
        var era = NextClaimEra();
        var tenants = new[] { NewTenantId(), NewTenantId() };
        var mine = new List<WorkflowTimer>();
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var instance = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
                for (var minutes = 1; minutes <= 3; minutes++)
                {
                    var timer = NewTimer(tenant, instance.Id, "new", era.AddMinutes(minutes + (tenant == tenants[1] ? 0.5 : 0)));
                    await session.Workflows.AddTimerAsync(timer, None).ConfigureAwait(false);
                    mine.Add(timer);
                }
            }
        }

        var next = await Provider.GetNextWorkflowTimerDueAsync(None).ConfigureAwait(false);
        Assert.NotNull(next);
        Assert.True(next <= era.AddMinutes(1), "the earliest pending timer is due no later than this test's first timer");

        var lease = TimeSpan.FromMinutes(10);
        var claimed = Own(await Provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(era.AddMinutes(2), "engine-a", lease, 1_000), None).ConfigureAwait(false), tenants);
        Assert.Equal(mine.Where(t => t.DueAt <= era.AddMinutes(2)).OrderBy(t => t.DueAt), claimed.Select(c => c.Timer));
        Assert.All(claimed, c => Assert.Equal(c.Timer.TenantId, c.TenantId));
        Assert.All(claimed, c => Assert.Equal(era.AddMinutes(12), c.LeaseExpiresAt));

        var whileLeased = Own(await Provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(era.AddMinutes(5), "engine-b", lease, 1_000), None).ConfigureAwait(false), tenants);
        Assert.Equal(mine.Where(t => t.DueAt > era.AddMinutes(2)).OrderBy(t => t.DueAt), whileLeased.Select(c => c.Timer));

        var afterExpiry = Own(await Provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(era.AddMinutes(13), "engine-b", lease, 1_000), None).ConfigureAwait(false), tenants);
        Assert.Equal(claimed.Select(c => c.Timer.Id).Order(), afterExpiry.Select(c => c.Timer.Id).Order());
    }

    /// <summary>Checks that schedulers claiming at the same moment never lease one timer twice.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task ClaimDueTimers_ConcurrentClaimers_EachTimerLeasedOnce()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var mine = new List<Guid>();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.InsertAsync(NewInstance(tenant), None).ConfigureAwait(false);
            for (var i = 0; i < 40; i++)
            {
                var timer = NewTimer(tenant, instance.Id, "new", era.AddSeconds(i));
                await session.Workflows.AddTimerAsync(timer, None).ConfigureAwait(false);
                mine.Add(timer.Id);
            }
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            Provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(era.AddMinutes(1), "engine-" + i.ToString(CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5), 7), None)))).ConfigureAwait(false);
        var rest = await Provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(era.AddMinutes(1), "engine-late", TimeSpan.FromMinutes(5), 1_000), None).ConfigureAwait(false);

        var all = claims.SelectMany(c => c).Concat(rest).Where(c => c.TenantId == tenant).Select(c => c.Timer.Id).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(mine.Order(), all.Order());
        Assert.All(claims, c => Assert.True(c.Count <= 7));
    }
    private static List<ClaimedWorkflowTimer> Own(IReadOnlyList<ClaimedWorkflowTimer> claimed, string[] tenants) =>
        claimed.Where(c => tenants.Contains(c.TenantId)).ToList();

    // Each claim test dates its timers a century apart from the others, so claims never reach another test's timers
    // except ones already due long before (which the assertions filter out by tenant).
    private static DateTimeOffset NextClaimEra() => Epoch.AddYears(100 * Interlocked.Increment(ref s_claimEra));

    private static WorkflowInstance NewInstance(string tenant, Guid? entityId = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        WorkflowId = "lead-lifecycle",
        WorkflowVersion = 1,
        EntityKind = "lead",
        EntityId = entityId ?? Guid.NewGuid(),
        State = "new",
        Status = WorkflowInstanceStatus.Running,
        CreatedAt = Epoch,
        UpdatedAt = Epoch.AddSeconds(1),
    };

    private static WorkflowTimer NewTimer(string tenant, Guid instanceId, string state, DateTimeOffset dueAt) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        InstanceId = instanceId,
        Trigger = "noResponse",
        State = state,
        DueAt = dueAt,
        CreatedAt = Epoch,
    };
}
