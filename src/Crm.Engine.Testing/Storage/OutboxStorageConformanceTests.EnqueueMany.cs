using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>The batched enqueue: same deduplication as one by one, in order, all or nothing.</summary>
public abstract partial class OutboxStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that a batch comes back in the order given, each message as stored: a key used before the batch returns
    /// the earlier message, a key used twice inside the batch returns the first of the two, and nothing else is written.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task EnqueueMany_InOrder_DeduplicatesKeysBeforeAndInsideTheBatch()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var earlier = await session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch, key: "campaign:1:earlier"), None).ConfigureAwait(false);
            var a = NewMessage(tenant, Epoch.AddMinutes(1));
            var again = NewMessage(tenant, Epoch.AddMinutes(2), key: "campaign:1:earlier") with { TextBody = "second try" };
            var b = NewMessage(tenant, Epoch.AddMinutes(3), key: "campaign:1:twice");
            var bAgain = NewMessage(tenant, Epoch.AddMinutes(4), key: "campaign:1:twice") with { Recipient = "other@example.com" };
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

            var stored = await session.Outbox.EnqueueManyAsync([a, again, b, bAgain, minimal], None).ConfigureAwait(false);

            Assert.Equal(5, stored.Count);
            AssertSameMessage(a, stored[0]);
            AssertSameMessage(earlier, stored[1]);
            AssertSameMessage(b, stored[2]);
            AssertSameMessage(b, stored[3]);
            AssertSameMessage(minimal, stored[4]);
            AssertSameMessage(a, await session.Outbox.GetAsync(a.Id, None).ConfigureAwait(false));
            AssertSameMessage(minimal, await session.Outbox.FindByIdempotencyKeyAsync(minimal.IdempotencyKey, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.GetAsync(again.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.GetAsync(bAgain.Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Outbox.EnqueueManyAsync([], None).ConfigureAwait(false));
            var all = await ListAllAsync(session, new OutboxQuery(), 50).ConfigureAwait(false);
            Assert.Equal(4, all.Count); // earlier + a + b + minimal
        }
    }

    /// <summary>
    /// Checks that a batch larger than a provider's round trip (1,200 messages) is stored whole, a key repeated across
    /// the middle of the batch once, and that enqueueing the same batch again writes nothing and returns the first ones.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task EnqueueMany_LargeBatchAndResend_StoresEachKeyOnce()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var messages = Enumerable.Range(0, 1_200)
                .Select(i => NewMessage(tenant, Epoch.AddSeconds(i), key: "bulk:" + (i == 1_100 ? 100 : i).ToString(CultureInfo.InvariantCulture)))
                .ToList();

            var stored = await session.Outbox.EnqueueManyAsync(messages, None).ConfigureAwait(false);
            Assert.Equal(1_200, stored.Count);
            Assert.Equal(messages[100].Id, stored[1_100].Id);
            Assert.Equal(messages[1_199].Id, stored[1_199].Id);

            var resent = await session.Outbox.EnqueueManyAsync(messages.Select(m => m with { Id = Guid.NewGuid() }).ToList(), None).ConfigureAwait(false);
            Assert.Equal(stored.Select(m => m.Id), resent.Select(m => m.Id));
            var all = await ListAllAsync(session, new OutboxQuery(), 500).ConfigureAwait(false);
            Assert.Equal(1_199, all.Count); // 1,200 messages, two of them share key bulk:100
        }
    }

    /// <summary>
    /// Checks that a batch with one refused message stores none of its messages: an id already used, a message of
    /// another tenant, a message not pending; and that a batch inside a transaction rolls back with it.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task EnqueueMany_OneRefusedMessage_StoresNoneOfTheBatch()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.Outbox.EnqueueAsync(NewMessage(tenant, Epoch), None).ConfigureAwait(false);
            var good = NewMessage(tenant, Epoch.AddMinutes(1));
            var alsoGood = NewMessage(tenant, Epoch.AddMinutes(2));

            await Assert.ThrowsAsync<CrmDuplicateException>(
                () => session.Outbox.EnqueueManyAsync([good, alsoGood, NewMessage(tenant, Epoch) with { Id = first.Id }], None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(
                () => session.Outbox.EnqueueManyAsync([good, NewMessage(NewTenantId(), Epoch)], None)).ConfigureAwait(false);
            await Assert.ThrowsAnyAsync<ArgumentException>(
                () => session.Outbox.EnqueueManyAsync([good, NewMessage(tenant, Epoch) with { Status = OutboxStatus.Delivered }], None)).ConfigureAwait(false);
            Assert.Null(await session.Outbox.GetAsync(good.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Outbox.GetAsync(alsoGood.Id, None).ConfigureAwait(false));

            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Outbox.EnqueueManyAsync([good, alsoGood], None).ConfigureAwait(false);
                AssertSameMessage(good, await session.Outbox.GetAsync(good.Id, None).ConfigureAwait(false));
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }

            Assert.Null(await session.Outbox.FindByIdempotencyKeyAsync(good.IdempotencyKey, None).ConfigureAwait(false));
            var all = await session.Outbox.ListAsync(new OutboxQuery(), None).ConfigureAwait(false);
            AssertSameMessage(first, Assert.Single(all.Items));

            // The transaction stays usable after a refused batch: the refusal undid only the batch.
            transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await Assert.ThrowsAsync<CrmDuplicateException>(
                    () => session.Outbox.EnqueueManyAsync([good, NewMessage(tenant, Epoch) with { Id = first.Id }], None)).ConfigureAwait(false);
                await session.Outbox.EnqueueManyAsync([alsoGood], None).ConfigureAwait(false);
                await transaction.CommitAsync(None).ConfigureAwait(false);
            }

            Assert.Null(await session.Outbox.GetAsync(good.Id, None).ConfigureAwait(false));
            AssertSameMessage(alsoGood, await session.Outbox.GetAsync(alsoGood.Id, None).ConfigureAwait(false));
        }
    }
}
