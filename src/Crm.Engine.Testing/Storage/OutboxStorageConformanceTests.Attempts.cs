using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class OutboxStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that recorded attempts are appended in order and move the message: a transient failure keeps it pending
    /// at its next attempt time with the failure as <see cref="OutboxMessage.LastError"/> and releases the lease (so it
    /// is claimable at that time, before the old lease would have expired); a delivery makes it final with the
    /// provider's id and the interaction, keeping the last error. Attempts counts the attempts; UpdatedAt is when the
    /// latest attempt ended (its start plus its duration).
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task RecordAttempt_AppendsAttemptsInOrderAndMovesTheMessage()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var message = NewMessage(tenant, era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
            Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(30), [tenant]).ConfigureAwait(false));

            var failure = Result(message, 1, "engine-a", era.AddSeconds(1), OutboxAttemptOutcome.TransientFailure, OutboxStatus.Pending, next: era.AddMinutes(5), detail: "smtp 451 try later");
            Assert.True(await session.Outbox.RecordAttemptAsync(failure, None).ConfigureAwait(false));
            var afterFailure = await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false);
            AssertSameMessage(message with
            {
                Attempts = 1,
                NextAttemptAt = era.AddMinutes(5),
                LastError = "smtp 451 try later",
                UpdatedAt = era.AddSeconds(1) + failure.Attempt.Duration,
            }, afterFailure);
            Assert.Empty(await ClaimOwnAsync(era.AddMinutes(4), "engine-b", TimeSpan.FromMinutes(30), [tenant]).ConfigureAwait(false));
            Assert.Single(await ClaimOwnAsync(era.AddMinutes(5), "engine-b", TimeSpan.FromMinutes(30), [tenant]).ConfigureAwait(false));

            var interaction = Guid.NewGuid();
            var delivery = Result(message, 2, "engine-b", era.AddMinutes(5), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered, providerId: "<abc@mail.example.com>", interactionId: interaction);
            Assert.True(await session.Outbox.RecordAttemptAsync(delivery, None).ConfigureAwait(false));
            AssertSameMessage(afterFailure! with
            {
                Status = OutboxStatus.Delivered,
                Attempts = 2,
                ProviderMessageId = "<abc@mail.example.com>",
                InteractionId = interaction,
                UpdatedAt = era.AddMinutes(5) + delivery.Attempt.Duration,
            }, await session.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
            Assert.Equal([failure.Attempt, delivery.Attempt], await session.Outbox.GetAttemptsAsync(message.Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Outbox.GetAttemptsAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that an attempt reported without the lease is refused and writes nothing: for a message never claimed,
    /// by a dispatcher that is not the lease owner, and by the first owner after its lease expired and another
    /// dispatcher claimed the message.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task RecordAttempt_WithoutTheLease_ReturnsFalseAndWritesNothing()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var message = NewMessage(tenant, era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-a", era, OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            await AssertUntouchedAsync().ConfigureAwait(false);

            Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(1), [tenant]).ConfigureAwait(false));
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-b", era, OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            await AssertUntouchedAsync().ConfigureAwait(false);

            Assert.Single(await ClaimOwnAsync(era.AddMinutes(2), "engine-b", TimeSpan.FromMinutes(1), [tenant]).ConfigureAwait(false));
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-a", era.AddMinutes(2), OutboxAttemptOutcome.PermanentFailure, OutboxStatus.DeadLettered), None).ConfigureAwait(false));
            await AssertUntouchedAsync().ConfigureAwait(false);

            Assert.True(await session.Outbox.RecordAttemptAsync(Result(message, 1, "engine-b", era.AddMinutes(2), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(message, 2, "engine-b", era.AddMinutes(2), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.Single(await session.Outbox.GetAttemptsAsync(message.Id, None).ConfigureAwait(false));
        }

        async Task AssertUntouchedAsync()
        {
            var check = await OpenAsync(tenant).ConfigureAwait(false);
            await using (check.ConfigureAwait(false))
            {
                AssertSameMessage(message, await check.Outbox.GetAsync(message.Id, None).ConfigureAwait(false));
                Assert.Empty(await check.Outbox.GetAttemptsAsync(message.Id, None).ConfigureAwait(false));
            }
        }
    }

    /// <summary>
    /// Checks that only a dead-lettered message is requeued: it becomes pending, due at the given time and claimable,
    /// with its attempt count and history kept, so the next attempt continues the numbering.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Requeue_DeadLetter_PendingAgainKeepingItsHistory()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var deadLetter = NewMessage(tenant, era);
        var delivered = NewMessage(tenant, era);
        var pending = NewMessage(tenant, era.AddYears(1));
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var message in new[] { deadLetter, delivered, pending })
            {
                await session.Outbox.EnqueueAsync(message, None).ConfigureAwait(false);
            }

            Assert.Equal(2, (await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false)).Count);
            var failure = Result(deadLetter, 1, "engine-a", era, OutboxAttemptOutcome.PermanentFailure, OutboxStatus.DeadLettered, detail: "550 mailbox unavailable");
            Assert.True(await session.Outbox.RecordAttemptAsync(failure, None).ConfigureAwait(false));
            Assert.True(await session.Outbox.RecordAttemptAsync(Result(delivered, 1, "engine-a", era, OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            var before = (await session.Outbox.GetAsync(deadLetter.Id, None).ConfigureAwait(false))!;

            var requeuedAt = era.AddHours(2);
            Assert.False(await session.Outbox.RequeueAsync(pending.Id, requeuedAt, None).ConfigureAwait(false));
            Assert.False(await session.Outbox.RequeueAsync(delivered.Id, requeuedAt, None).ConfigureAwait(false));
            Assert.False(await session.Outbox.RequeueAsync(Guid.NewGuid(), requeuedAt, None).ConfigureAwait(false));
            Assert.True(await session.Outbox.RequeueAsync(deadLetter.Id, requeuedAt, None).ConfigureAwait(false));
            Assert.False(await session.Outbox.RequeueAsync(deadLetter.Id, requeuedAt, None).ConfigureAwait(false));

            AssertSameMessage(before with { Status = OutboxStatus.Pending, NextAttemptAt = requeuedAt, UpdatedAt = requeuedAt }, await session.Outbox.GetAsync(deadLetter.Id, None).ConfigureAwait(false));
            Assert.Equal(OutboxStatus.Delivered, (await session.Outbox.GetAsync(delivered.Id, None).ConfigureAwait(false))!.Status);
            Assert.Empty(await ClaimOwnAsync(requeuedAt.AddTicks(-1), "engine-b", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false));
            Assert.Equal(deadLetter.Id, Assert.Single(await ClaimOwnAsync(requeuedAt, "engine-b", TimeSpan.FromMinutes(5), [tenant]).ConfigureAwait(false)).Message.Id);
            var retry = Result(deadLetter, 2, "engine-b", requeuedAt, OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered);
            Assert.True(await session.Outbox.RecordAttemptAsync(retry, None).ConfigureAwait(false));
            Assert.Equal([failure.Attempt, retry.Attempt], await session.Outbox.GetAttemptsAsync(deadLetter.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that only a pending message without a live lease is cancelled: a leased one is refused until its lease
    /// expires, after which the old lease owner can no longer record; final messages are refused; a cancelled message
    /// is final, never claimed, and stamped with the cancellation time.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cancel_PendingWithoutLiveLeaseOnly()
    {
        var era = NextClaimEra();
        var tenant = NewTenantId();
        var unleased = NewMessage(tenant, era.AddYears(1));
        var leased = NewMessage(tenant, era);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Outbox.EnqueueAsync(unleased, None).ConfigureAwait(false);
            await session.Outbox.EnqueueAsync(leased, None).ConfigureAwait(false);

            Assert.True(await session.Outbox.CancelAsync(unleased.Id, era.AddMinutes(1), None).ConfigureAwait(false));
            AssertSameMessage(unleased with { Status = OutboxStatus.Cancelled, UpdatedAt = era.AddMinutes(1) }, await session.Outbox.GetAsync(unleased.Id, None).ConfigureAwait(false));
            Assert.False(await session.Outbox.CancelAsync(unleased.Id, era.AddMinutes(2), None).ConfigureAwait(false));
            Assert.False(await session.Outbox.CancelAsync(Guid.NewGuid(), era, None).ConfigureAwait(false));

            Assert.Single(await ClaimOwnAsync(era, "engine-a", TimeSpan.FromMinutes(10), [tenant]).ConfigureAwait(false));
            Assert.False(await session.Outbox.CancelAsync(leased.Id, era.AddMinutes(9), None).ConfigureAwait(false));
            Assert.Equal(OutboxStatus.Pending, (await session.Outbox.GetAsync(leased.Id, None).ConfigureAwait(false))!.Status);
            Assert.True(await session.Outbox.CancelAsync(leased.Id, era.AddMinutes(11), None).ConfigureAwait(false));
            Assert.False(await session.Outbox.RecordAttemptAsync(Result(leased, 1, "engine-a", era.AddMinutes(11), OutboxAttemptOutcome.Delivered, OutboxStatus.Delivered), None).ConfigureAwait(false));
            Assert.Equal(OutboxStatus.Cancelled, (await session.Outbox.GetAsync(leased.Id, None).ConfigureAwait(false))!.Status);

            Assert.Empty(await ClaimOwnAsync(era.AddYears(2), "engine-b", TimeSpan.FromMinutes(10), [tenant]).ConfigureAwait(false));
            Assert.False(await session.Outbox.RequeueAsync(leased.Id, era.AddMinutes(12), None).ConfigureAwait(false));
        }
    }
}
