using System.Collections.Concurrent;
using System.Globalization;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class JobStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks claiming across tenants: only due jobs (due time inclusive), soonest first, at most
    /// <see cref="LeaseClaim.MaxCount"/>, each with its tenant, every field and the lease expiry; leased jobs are not
    /// claimed again while the lease lasts.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_AcrossTenants_LeasesDueJobsSoonestFirstUpToMaxCount()
    {
        var era = NextClaimEra();
        var tenants = new[] { NewTenantId(), NewTenantId() };
        var mine = new List<ScheduledJob>();
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                for (var minutes = 1; minutes <= 4; minutes++)
                {
                    var dueAt = era.AddMinutes(minutes + (tenant == tenants[1] ? 0.5 : 0));
                    var job = NewJob(tenant, "job:" + minutes.ToString(CultureInfo.InvariantCulture), dueAt) with { RepeatEvery = minutes == 2 ? TimeSpan.FromHours(1) : null };
                    mine.Add(await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false));
                }
            }
        }

        var now = era.AddMinutes(3.5);
        var lease = TimeSpan.FromMinutes(10);
        var due = mine.Where(j => j.DueAt <= now).OrderBy(j => j.DueAt).ToList();
        Assert.Equal(6, due.Count);

        var first = await Provider.ClaimDueJobsAsync(new LeaseClaim(now, "engine-a", lease, 3), None).ConfigureAwait(false);
        Assert.Equal(due.Take(3), first.Select(c => c.Job));
        Assert.All(first, c => Assert.Equal(now + lease, c.LeaseExpiresAt));

        var second = await Provider.ClaimDueJobsAsync(new LeaseClaim(now, "engine-b", lease, 1_000), None).ConfigureAwait(false);
        Assert.Equal(due.Skip(3), second.Select(c => c.Job));
        Assert.Equal(tenants[1], second[^1].Job.TenantId);
        Assert.Empty(await Provider.ClaimDueJobsAsync(new LeaseClaim(now, "engine-c", lease, 1_000), None).ConfigureAwait(false));
        var later = await Provider.ClaimDueJobsAsync(new LeaseClaim(era.AddMinutes(4.5), "engine-c", lease, 1_000), None).ConfigureAwait(false);
        Assert.Equal(mine.Where(j => j.DueAt > now).OrderBy(j => j.DueAt), later.Select(c => c.Job));
    }

    /// <summary>
    /// Checks that a leased job is skipped until its lease expires, then another instance claims it; the first instance
    /// can then no longer complete it (nothing is written) and the new one can.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_LeasedJob_SkippedUntilTheLeaseExpiresThenTheOldOwnerCannotComplete()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var job = NewJob(tenant, "lease-test", era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false);
            var lease = TimeSpan.FromMinutes(10);
            Assert.Equal(era + lease, Assert.Single(await ClaimOwnAsync(era, "engine-a", lease, [tenant]).ConfigureAwait(false)).LeaseExpiresAt);
            Assert.Empty(await ClaimOwnAsync(era.AddMinutes(9), "engine-b", lease, [tenant]).ConfigureAwait(false));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-b", ScheduledJobStatus.Completed, null, 0, null, era.AddMinutes(9)), None).ConfigureAwait(false));

            Assert.Single(await ClaimOwnAsync(era.AddMinutes(10).AddSeconds(1), "engine-b", lease, [tenant]).ConfigureAwait(false));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Failed, null, 5, "late", era.AddMinutes(11)), None).ConfigureAwait(false));
            Assert.Equal(job, await session.Jobs.FindByKeyAsync("lease-test", None).ConfigureAwait(false));
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-b", ScheduledJobStatus.Completed, null, 0, null, era.AddMinutes(11)), None).ConfigureAwait(false));
            Assert.Equal(ScheduledJobStatus.Completed, (await session.Jobs.FindByKeyAsync("lease-test", None).ConfigureAwait(false))!.Status);
        }
    }

    /// <summary>
    /// Checks that four instances claiming and completing at the same time, each on its own sessions and connections,
    /// never get one job twice while leases are live, and together run every job exactly once.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_ConcurrentInstances_NeverShareAJob()
    {
        var era = NextClaimEra();
        var tenants = new[] { NewTenantId(), NewTenantId() };
        var mine = new List<Guid>();
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                for (var i = 0; i < 20; i++)
                {
                    var job = NewJob(tenant, "job:" + i.ToString(CultureInfo.InvariantCulture), era.AddSeconds(i));
                    mine.Add((await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false)).Id);
                }
            }
        }

        var now = era.AddMinutes(1);
        var claims = new ConcurrentBag<Guid>();
        var refused = 0;
        async Task RunAsync(string owner)
        {
            while (true)
            {
                var claimed = await Provider.ClaimDueJobsAsync(new LeaseClaim(now, owner, TimeSpan.FromHours(1), 3), None).ConfigureAwait(false);
                if (claimed.Count == 0)
                {
                    return;
                }

                Assert.True(claimed.Count <= 3);
                foreach (var item in claimed)
                {
                    claims.Add(item.Job.Id);
                    var session = await OpenAsync(item.Job.TenantId).ConfigureAwait(false);
                    await using (session.ConfigureAwait(false))
                    {
                        if (!await session.Jobs.CompleteAsync(new ScheduledJobOutcome(item.Job.Id, owner, ScheduledJobStatus.Completed, null, 0, null, now), None).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => RunAsync("engine-" + i.ToString(CultureInfo.InvariantCulture))))).ConfigureAwait(false);

        var ids = claims.Where(mine.Contains).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(mine.Order(), ids.Order());
        Assert.Equal(0, refused);
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var completed = await session.Jobs.ListAsync(new ScheduledJobQuery { Status = ScheduledJobStatus.Completed }, None).ConfigureAwait(false);
                Assert.Equal(20, completed.Items.Count);
            }
        }
    }

    /// <summary>
    /// Checks a one-off job's successful run: it is completed (stamped with the outcome's time), never claimed again,
    /// and a second report is refused.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Complete_OneOff_CompletedAndNeverClaimedAgain()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var job = NewJob(tenant, "one-off", era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false);
            Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false));

            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era.AddSeconds(3)), None).ConfigureAwait(false));

            Assert.Equal(job with { Status = ScheduledJobStatus.Completed, UpdatedAt = era.AddSeconds(3) }, await session.Jobs.FindByKeyAsync("one-off", None).ConfigureAwait(false));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era.AddSeconds(4)), None).ConfigureAwait(false));
            Assert.Empty(await ClaimOwnAsync(era.AddYears(1), "engine-b", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false));
            Assert.False(await session.Jobs.CancelAsync("one-off", era.AddSeconds(5), None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks a recurring job: each successful run returns it to pending at the next due time with the lease released,
    /// so it is claimed again exactly then (not before), and runs keep going until it is cancelled.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Complete_Recurring_BackToPendingAtTheNextDueTime()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var every = TimeSpan.FromHours(1);
        var job = NewJob(tenant, "hourly", era) with { RepeatEvery = every };
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(job, replace: false, None).ConfigureAwait(false);
            for (var run = 0; run < 3; run++)
            {
                var due = era + (every * run);
                Assert.Empty(await ClaimOwnAsync(due.AddTicks(-1), "engine-a", TimeSpan.FromDays(1), [tenant]).ConfigureAwait(false));
                Assert.Equal(due, Assert.Single(await ClaimOwnAsync(due, "engine-a", TimeSpan.FromDays(1), [tenant]).ConfigureAwait(false)).Job.DueAt);
                Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Pending, due + every, 0, null, due.AddSeconds(1)), None).ConfigureAwait(false));
                Assert.Equal(
                    job with { DueAt = due + every, UpdatedAt = due.AddSeconds(1) },
                    await session.Jobs.FindByKeyAsync("hourly", None).ConfigureAwait(false));
            }

            Assert.True(await session.Jobs.CancelAsync("hourly", era.AddHours(3).AddMinutes(-1), None).ConfigureAwait(false));
            Assert.Empty(await ClaimOwnAsync(era.AddYears(1), "engine-a", TimeSpan.FromDays(1), [tenant]).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks failures: a failed run that will be retried stays pending at the retry time with its attempt count and
    /// error; a final failure makes the job failed and never claimed again. A later success resets the attempts and
    /// keeps the last failure in <see cref="ScheduledJob.LastError"/>.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Complete_Failures_RetryWithAttemptsThenFail()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var flaky = NewJob(tenant, "flaky", era) with { RepeatEvery = TimeSpan.FromDays(1) };
        var doomed = NewJob(tenant, "doomed", era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(flaky, replace: false, None).ConfigureAwait(false);
            await session.Jobs.ScheduleAsync(doomed, replace: false, None).ConfigureAwait(false);
            Assert.Equal(2, (await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false)).Count);

            foreach (var job in new[] { flaky, doomed })
            {
                Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Pending, era.AddMinutes(1), 1, "smtp timeout", era.AddSeconds(1)), None).ConfigureAwait(false));
                Assert.Equal(
                    job with { DueAt = era.AddMinutes(1), Attempts = 1, LastError = "smtp timeout", UpdatedAt = era.AddSeconds(1) },
                    await session.Jobs.FindByKeyAsync(job.Key, None).ConfigureAwait(false));
            }

            Assert.Equal(2, (await ClaimOwnAsync(era.AddMinutes(1), "engine-b", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false)).Count);
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(doomed.Id, "engine-b", ScheduledJobStatus.Failed, null, 2, "still failing", era.AddMinutes(2)), None).ConfigureAwait(false));
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(flaky.Id, "engine-b", ScheduledJobStatus.Pending, era.AddDays(1), 0, null, era.AddMinutes(2)), None).ConfigureAwait(false));

            Assert.Equal(
                doomed with { Status = ScheduledJobStatus.Failed, DueAt = era.AddMinutes(1), Attempts = 2, LastError = "still failing", UpdatedAt = era.AddMinutes(2) },
                await session.Jobs.FindByKeyAsync("doomed", None).ConfigureAwait(false));
            Assert.Equal(
                flaky with { DueAt = era.AddDays(1), Attempts = 0, LastError = "smtp timeout", UpdatedAt = era.AddMinutes(2) },
                await session.Jobs.FindByKeyAsync("flaky", None).ConfigureAwait(false));
            Assert.Equal([flaky.Id], (await ClaimOwnAsync(era.AddYears(1), "engine-c", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false)).Select(c => c.Job.Id));
        }
    }

    /// <summary>
    /// Checks cancellation: a pending job is cancelled (stamped with the time) and never claimed; a running (leased)
    /// job is pending too, so it is cancelled and its instance's report is refused; completed, cancelled and unknown
    /// jobs are not.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cancel_PendingJobs_IncludingRunningOnes()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var idle = NewJob(tenant, "idle", era.AddYears(1));
        var running = NewJob(tenant, "running", era) with { RepeatEvery = TimeSpan.FromMinutes(5) };
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(idle, replace: false, None).ConfigureAwait(false);
            await session.Jobs.ScheduleAsync(running, replace: false, None).ConfigureAwait(false);

            Assert.True(await session.Jobs.CancelAsync("idle", era.AddMinutes(1), None).ConfigureAwait(false));
            Assert.Equal(idle with { Status = ScheduledJobStatus.Cancelled, UpdatedAt = era.AddMinutes(1) }, await session.Jobs.FindByKeyAsync("idle", None).ConfigureAwait(false));
            Assert.False(await session.Jobs.CancelAsync("idle", era.AddMinutes(2), None).ConfigureAwait(false));
            Assert.False(await session.Jobs.CancelAsync("no-such-job", era, None).ConfigureAwait(false));

            Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(10), [tenant]).ConfigureAwait(false));
            Assert.True(await session.Jobs.CancelAsync("running", era.AddMinutes(1), None).ConfigureAwait(false));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(running.Id, "engine-a", ScheduledJobStatus.Pending, era.AddMinutes(5), 0, null, era.AddMinutes(2)), None).ConfigureAwait(false));
            Assert.Equal(ScheduledJobStatus.Cancelled, (await session.Jobs.FindByKeyAsync("running", None).ConfigureAwait(false))!.Status);
            Assert.Empty(await ClaimOwnAsync(era.AddYears(2), "engine-b", TimeSpan.FromMinutes(10), [tenant]).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks the next job due time: the earliest due time of an unleased pending job, or the lease expiry of a leased
    /// one, whichever is earlier; completed and cancelled jobs do not count.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task GetNextJobDue_EarliestDueTimeOrLeaseExpiry()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var early = NewJob(tenant, "early", era.AddMinutes(5));
        var late = NewJob(tenant, "late", era.AddMinutes(10));
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Jobs.ScheduleAsync(late, replace: false, None).ConfigureAwait(false);
            await session.Jobs.ScheduleAsync(early, replace: false, None).ConfigureAwait(false);

            Assert.Equal(era.AddMinutes(5), await Provider.GetNextJobDueAsync(None).ConfigureAwait(false));
            var lease = TimeSpan.FromMinutes(30);
            Assert.Single(await ClaimOwnAsync(era.AddMinutes(6), "engine-a", lease, [tenant]).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(10), await Provider.GetNextJobDueAsync(None).ConfigureAwait(false));
            Assert.Single(await ClaimOwnAsync(era.AddMinutes(11), "engine-a", lease, [tenant]).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(36), await Provider.GetNextJobDueAsync(None).ConfigureAwait(false));

            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(early.Id, "engine-a", ScheduledJobStatus.Pending, era.AddMinutes(20), 1, "retry", era.AddMinutes(12)), None).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(20), await Provider.GetNextJobDueAsync(None).ConfigureAwait(false));
            Assert.True(await session.Jobs.CancelAsync("early", era.AddMinutes(13), None).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(41), await Provider.GetNextJobDueAsync(None).ConfigureAwait(false));
            Assert.True(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(late.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, era.AddMinutes(14)), None).ConfigureAwait(false));
            var next = await Provider.GetNextJobDueAsync(None).ConfigureAwait(false);
            Assert.True(next is null || next > era.AddYears(1), "no job of this test is pending any more");
        }
    }

    /// <summary>
    /// Checks that a claim without an owner, with a non-positive count or with a non-positive lease is refused, and so
    /// is an outcome that keeps a job pending without a next due time.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_InvalidClaimOrOutcome_IsRefused()
    {
        var now = NextClaimEra();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueJobsAsync(new LeaseClaim(now, "", TimeSpan.FromMinutes(1), 1), None)).ConfigureAwait(false);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueJobsAsync(new LeaseClaim(now, "engine-a", TimeSpan.FromMinutes(1), 0), None)).ConfigureAwait(false);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueJobsAsync(new LeaseClaim(now, "engine-a", TimeSpan.FromMinutes(-1), 1), None)).ConfigureAwait(false);
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => session.Jobs.CompleteAsync(new ScheduledJobOutcome(Guid.NewGuid(), "engine-a", ScheduledJobStatus.Pending, null, 0, null, now), None)).ConfigureAwait(false);
        }
    }
}
