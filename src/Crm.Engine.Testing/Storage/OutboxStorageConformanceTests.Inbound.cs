using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class OutboxStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that an inbound message is recorded once per tenant, channel and provider id (compared exactly): a repeat
    /// is refused and keeps the first interaction; the same id on another channel or in another tenant is another
    /// message; unknown messages are not found.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Receipt_SameChannelAndId_RecordedOncePerTenant()
    {
        var tenant = NewTenantId();
        var otherTenant = NewTenantId();
        var first = Guid.NewGuid();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Null(await session.Inbound.FindReceiptAsync("email", "<m1@mail.example.com>", None).ConfigureAwait(false));
            Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<m1@mail.example.com>", first, Epoch, None).ConfigureAwait(false));
            Assert.False(await session.Inbound.TryRecordReceiptAsync("email", "<m1@mail.example.com>", Guid.NewGuid(), Epoch.AddMinutes(1), None).ConfigureAwait(false));
            Assert.Equal(first, await session.Inbound.FindReceiptAsync("email", "<m1@mail.example.com>", None).ConfigureAwait(false));

            var sameIdOtherChannel = Guid.NewGuid();
            Assert.True(await session.Inbound.TryRecordReceiptAsync("whatsapp", "<m1@mail.example.com>", sameIdOtherChannel, Epoch, None).ConfigureAwait(false));
            Assert.Equal(sameIdOtherChannel, await session.Inbound.FindReceiptAsync("whatsapp", "<m1@mail.example.com>", None).ConfigureAwait(false));
            Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<M1@mail.example.com>", Guid.NewGuid(), Epoch, None).ConfigureAwait(false));
            Assert.Null(await session.Inbound.FindReceiptAsync("sms", "<m1@mail.example.com>", None).ConfigureAwait(false));
        }

        var other = await OpenAsync(otherTenant).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Inbound.FindReceiptAsync("email", "<m1@mail.example.com>", None).ConfigureAwait(false));
            var own = Guid.NewGuid();
            Assert.True(await other.Inbound.TryRecordReceiptAsync("email", "<m1@mail.example.com>", own, Epoch, None).ConfigureAwait(false));
            Assert.Equal(own, await other.Inbound.FindReceiptAsync("email", "<m1@mail.example.com>", None).ConfigureAwait(false));
        }

        session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(first, await session.Inbound.FindReceiptAsync("email", "<m1@mail.example.com>", None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that a receipt recorded inside a session transaction (beside the interaction it names) is gone after a
    /// rollback, so the retried message is recorded, and kept after a commit.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Receipt_InTransaction_CommitsOrRollsBackWithTheInteraction()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var interaction = Guid.NewGuid();
            for (var commit = 0; commit < 2; commit++)
            {
                var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<tx@mail.example.com>", interaction, Epoch, None).ConfigureAwait(false));
                    await session.Inbound.SetCursorAsync("imap:inbox", "uid:" + commit.ToString(System.Globalization.CultureInfo.InvariantCulture), Epoch, None).ConfigureAwait(false);
                    if (commit == 1)
                    {
                        await transaction.CommitAsync(None).ConfigureAwait(false);
                    }
                }

                if (commit == 0)
                {
                    Assert.Null(await session.Inbound.FindReceiptAsync("email", "<tx@mail.example.com>", None).ConfigureAwait(false));
                    Assert.Null(await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
                }
            }

            Assert.Equal(interaction, await session.Inbound.FindReceiptAsync("email", "<tx@mail.example.com>", None).ConfigureAwait(false));
            Assert.Equal("uid:1", await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks poller cursors: none before the first store, stored and overwritten per source, and independent per
    /// tenant.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Cursor_SetGetAndOverwrite_PerSourceAndTenant()
    {
        var tenant = NewTenantId();
        var otherTenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Null(await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
            await session.Inbound.SetCursorAsync("imap:inbox", "uidvalidity=7;uid=41", Epoch, None).ConfigureAwait(false);
            await session.Inbound.SetCursorAsync("pop3:inbox", "", Epoch, None).ConfigureAwait(false);
            Assert.Equal("uidvalidity=7;uid=41", await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
            await session.Inbound.SetCursorAsync("imap:inbox", "uidvalidity=7;uid=42", Epoch.AddMinutes(1), None).ConfigureAwait(false);
            Assert.Equal("uidvalidity=7;uid=42", await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
            Assert.Equal("", await session.Inbound.GetCursorAsync("pop3:inbox", None).ConfigureAwait(false));
            Assert.Null(await session.Inbound.GetCursorAsync("IMAP:inbox", None).ConfigureAwait(false));
        }

        var other = await OpenAsync(otherTenant).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
            await other.Inbound.SetCursorAsync("imap:inbox", "theirs", Epoch, None).ConfigureAwait(false);
        }

        session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal("uidvalidity=7;uid=42", await session.Inbound.GetCursorAsync("imap:inbox", None).ConfigureAwait(false));
        }
    }
}
