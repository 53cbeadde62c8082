using System.Collections.Concurrent;
using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class OutboxStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks claiming across tenants: only due messages (due time inclusive), oldest due first, at most
    /// <see cref="LeaseClaim.MaxCount"/>, each with its tenant, every field and the lease expiry; leased messages are
    /// not claimed again while the lease lasts.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_AcrossTenants_LeasesDueMessagesOldestFirstUpToMaxCount()
    {
        var era = NextClaimEra();
        var tenants = new[] { NewTenantId(), NewTenantId() };
        var mine = new List<OutboxMessage>();
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                for (var minutes = 1; minutes <= 4; minutes++)
                {
                    var dueAt = era.AddMinutes(minutes + (tenant == tenants[1] ? 0.5 : 0));
                    mine.Add(await session.Outbox.EnqueueAsync(NewMessage(tenant, dueAt), None).ConfigureAwait(false));
                }
            }
        }

        var now = era.AddMinutes(3.5);
        var lease = TimeSpan.FromMinutes(10);
        var due = mine.Where(m => m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).ToList();
        Assert.Equal(6, due.Count);

        var first = await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "engine-a", lease, 3), None).ConfigureAwait(false);
        Assert.Equal(due.Take(3).Select(m => m.Id), first.Select(c => c.Message.Id));
        foreach (var claimed in first)
        {
            AssertSameMessage(mine.Single(m => m.Id == claimed.Message.Id), claimed.Message);
            Assert.Equal(now + lease, claimed.LeaseExpiresAt);
        }

        var second = await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "engine-b", lease, 1_000), None).ConfigureAwait(false);
        Assert.Equal(due.Skip(3).Select(m => m.Id), second.Select(c => c.Message.Id));
        Assert.Equal(tenants[1], second[^1].Message.TenantId);
        Assert.Empty(await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "engine-c", lease, 1_000), None).ConfigureAwait(false));
        var later = await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(era.AddMinutes(4.5), "engine-c", lease, 1_000), None).ConfigureAwait(false);
        Assert.Equal(mine.Where(m => m.NextAttemptAt > now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id), later.Select(c => c.Message.Id));
    }

    /// <summary>
    /// Checks that a leased message is skipped until its lease expires, then another dispatcher claims it; the first
    /// dispatcher can then no longer record an attempt, and the new one can.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_LeasedMessage_SkippedUntilTheLeaseExpiresThenAnotherOwnerClaims()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var message = NewMessage(tenant, era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
        }

        var lease = TimeSpan.FromMinutes(10);
        var byA = Assert.Single(await ClaimOwnAsync(era, "engine-a", lease, [tenant]).ConfigureAwait(false));
        Assert.Equal(era + lease, byA.LeaseExpiresAt);
        Assert.Empty(await ClaimOwnAsync(era.AddMinutes(9), "engine-b", lease, [tenant]).ConfigureAwait(false));

        var byB = Assert.Single(await ClaimOwnAsync(era.AddMinutes(10).AddSeconds(1), "engine-b", lease, [tenant]).ConfigureAwait(false));
        Assert.Equal(message.Id, byB.Message.Id);
        Assert.Empty(await ClaimOwnAsync(era.AddMinutes(11), "engine-a", lease, [tenant]).ConfigureAwait(false));

        session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-a", era.AddMinutes(11), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.True(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-b", era.AddMinutes(11), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.Equal(1, Assert.Single(await session.Outbox.GetAttemptsAsync(message.Id, None).ConfigureAwait(false)).Number);
            Assert.Equal(OutboxStatus.Delivered, (await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false))!.Status);
        }
    }

    /// <summary>
    /// Checks that four dispatchers claiming and recording at the same time, each on its own sessions and connections,
    /// never get one message twice while leases are live, and together deliver every message exactly once.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_ConcurrentDispatchers_NeverShareAMessage()
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
                    mine.Add((await session.Outbox.EnqueueAsync(NewMessage(tenant, era.AddSeconds(i)), None).ConfigureAwait(false)).Id);
                }
            }
        }

        var now = era.AddMinutes(1);
        var claims = new ConcurrentBag<(string Owner, Guid Id)>();
        var refused = 0;
        async Task DispatchAsync(string owner)
        {
            while (true)
            {
                var claimed = await Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, owner, TimeSpan.FromHours(1), 3), None).ConfigureAwait(false);
                if (claimed.Count == 0)
                {
                    return;
                }

                Assert.True(claimed.Count <= 3);
                foreach (var item in claimed)
                {
                    claims.Add((owner, item.Message.Id));
                    var session = await OpenAsync(item.Message.TenantId).ConfigureAwait(false);
                    await using (session.ConfigureAwait(false))
                    {
                        if (!await session.Outbox.RecordAttemptAsync(Result(item.Message, 1, owner, now, OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => DispatchAsync("engine-" + i.ToString(CultureInfo.InvariantCulture))))).ConfigureAwait(false);

        var ids = claims.Select(c => c.Id).Where(mine.Contains).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(mine.Order(), ids.Order());
        Assert.Equal(0, refused);
        foreach (var tenant in tenants)
        {
            var session = await OpenAsync(tenant).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var delivered = await session.Outbox.ListAsync(new OutboxQuery { Status = OutboxStatus.Delivered }, None).ConfigureAwait(false);
                Assert.Equal(20, delivered.Items.Count);
                Assert.All(delivered.Items, m => Assert.Equal(1, m.Attempts));
            }
        }
    }

    /// <summary>
    /// Checks that delivered, dead-lettered, suppressed and cancelled messages are never claimed however late the
    /// claim, and that an attempt cannot be recorded on them.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_FinalStatuses_AreNeverClaimed()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var finals = new Dictionary<OutboxStatus, OutboxMessage>();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var status in new[] { OutboxStatus.Delivered, OutboxStatus.DeadLettered, OutboxStatus.Suppressed, OutboxStatus.Cancelled })
            {
                finals[status] = await session.Outbox.EnqueueAsync(NewMessage(tenant, era), None).ConfigureAwait(false);
            }

            Assert.True(await session.Outbox.CancelAsync(finals[OutboxStatus.Cancelled].Id, era, None).ConfigureAwait(false));
        }

        var claimed = await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(1), [tenant]).ConfigureAwait(false);
        Assert.Equal(3, claimed.Count);
        session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var outcomes = new Dictionary<OutboxStatus, OutboxAttemptOutcome>
            {
                [OutboxStatus.Delivered] = OutboxAttemptOutcome.Delivered,
                [OutboxStatus.DeadLettered] = OutboxAttemptOutcome.PermanentFailure,
                [OutboxStatus.Suppressed] = OutboxAttemptOutcome.Suppressed,
            };
            foreach (var (status, outcome) in outcomes)
            {
                Assert.True(await session.Outbox.RecordAttemptAsync(Result(finals[status], 1, "engine-a", era, outcome, status), None).ConfigureAwait(false));
            }

            Assert.Empty(await ClaimOwnAsync(era.AddYears(1), "engine-b", TimeSpan.FromMinutes(1), [tenant]).ConfigureAwait(false));
            foreach (var (status, message) in finals)
            {
                var stored = (await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false))!;
                Assert.Equal(status, stored.Status);
                Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 2, "engine-a", era.AddMinutes(1), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
                AssertSameMessage(stored, await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
            }
        }
    }

    /// <summary>
    /// Checks the next outbox due time: the earliest due time of an unleased pending message, or the lease expiry of a
    /// leased one, whichever is earlier; an attempt that keeps the message pending makes its next attempt time count.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task GetNextOutboxDue_EarliestDueTimeOrLeaseExpiry()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var early = NewMessage(tenant, era.AddMinutes(5));
        var late = NewMessage(tenant, era.AddMinutes(10));
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(late, None).ConfigureAwait(false);
            await session.Outbox.EnqueueAsync(early, None).ConfigureAwait(false);
        }

        Assert.Equal(era.AddMinutes(5), await Provider.GetNextOutboxDueAsync(None).ConfigureAwait(false));
        var lease = TimeSpan.FromMinutes(30);
        Assert.Single(await ClaimOwnAsync(era.AddMinutes(6), "engine-a", lease, [tenant]).ConfigureAwait(false));
        Assert.Equal(era.AddMinutes(10), await Provider.GetNextOutboxDueAsync(None).ConfigureAwait(false));
        Assert.Single(await ClaimOwnAsync(era.AddMinutes(11), "engine-a", lease, [tenant]).ConfigureAwait(false));
        Assert.Equal(era.AddMinutes(36), await Provider.GetNextOutboxDueAsync(None).ConfigureAwait(false));

        session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.True(await session.Outbox.RecordAttemptAsync(Result(early, 1, "engine-a", era.AddMinutes(12), OutboxAttemptOutcome.TransientFailure, OutboxStatus.Pending, next: era.AddMinutes(20)), None).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(20), await Provider.GetNextOutboxDueAsync(None).ConfigureAwait(false));
            Assert.True(await session.Outbox.CancelAsync(early.Id, era.AddMinutes(13), None).ConfigureAwait(false));
            Assert.Equal(era.AddMinutes(41), await Provider.GetNextOutboxDueAsync(None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a claim without an owner, with a non-positive count or with a non-positive lease is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Claim_InvalidClaim_IsRefused()
    {
        var now = NextClaimEra();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "", TimeSpan.FromMinutes(1), 1), None)).ConfigureAwait(false);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "engine-a", TimeSpan.FromMinutes(1), 0), None)).ConfigureAwait(false);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(now, "engine-a", TimeSpan.Zero, 1), None)).ConfigureAwait(false);
    }
}
