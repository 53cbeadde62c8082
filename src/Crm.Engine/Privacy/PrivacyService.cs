using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>Records consent, exports and erases a customer's data for one caller.</summary>
internal sealed class PrivacyService(CrmEngine engine, CrmCaller caller) : IPrivacyService
{
    private const int MaxTokenLength = 100;

    public async Task<ConsentRecord> RecordConsentAsync(Guid customerId, string channel, string purpose, ConsentStatus status, string source, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite);
        var errors = new ValidationErrors();
        Check(errors, "channel", channel);
        Check(errors, "purpose", purpose);
        Check(errors, "source", source);
        if (!Enum.IsDefined(status))
        {
            errors.Add("status", $"'{(int)status}' is not a consent status.", "enum");
        }

        errors.ThrowIfAny("Consent");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        _ = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), customerId);
        var record = new ConsentRecord(customerId, channel.Trim().ToLowerInvariant(), purpose.Trim().ToLowerInvariant(), status, source.Trim(), engine.Time.GetUtcNow())
        {
            Actor = caller.UserId,
        };
        await session.Privacy.AppendConsentAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task<IReadOnlyList<ConsentRecord>> GetConsentHistoryAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Privacy.ListConsentAsync(customerId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasConsentAsync(Guid customerId, string channel, string purpose, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var latest = await session.Privacy.GetLatestConsentAsync(customerId, channel.Trim().ToLowerInvariant(), purpose.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return latest?.Status == ConsentStatus.Granted;
    }

    public async Task ExportAsync(Guid customerId, Stream output, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersReadSensitive); // an export is complete or useless: it needs the sensitive fields too
        ArgumentNullException.ThrowIfNull(output);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var customer = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), customerId);

        var interactions = new JsonArray();
        var purchases = new JsonArray();
        var page = new PageRequest(PageRequest.MaxSize);
        do
        {
            var result = await session.Interactions.GetTimelineAsync(customerId, page, cancellationToken).ConfigureAwait(false);
            foreach (var interaction in result.Items)
            {
                interactions.Add(CustomerJson.ToDocument(interaction));
            }

            page = result.ContinuationToken is { } token ? page with { ContinuationToken = token } : null!;
        }
        while (page is not null);

        page = new PageRequest(PageRequest.MaxSize);
        do
        {
            var result = await session.Purchases.ListByCustomerAsync(customerId, page, cancellationToken).ConfigureAwait(false);
            foreach (var purchase in result.Items)
            {
                purchases.Add(CustomerJson.ToDocument(purchase));
            }

            page = result.ContinuationToken is { } token ? page with { ContinuationToken = token } : null!;
        }
        while (page is not null);

        var consent = new JsonArray();
        foreach (var record in await session.Privacy.ListConsentAsync(customerId, cancellationToken).ConfigureAwait(false))
        {
            consent.Add(new JsonObject
            {
                ["channel"] = record.Channel,
                ["purpose"] = record.Purpose,
                ["status"] = record.Status.ToString(),
                ["source"] = record.Source,
                ["recordedAt"] = record.RecordedAt,
                ["actor"] = record.Actor,
            });
        }

        var merges = new JsonArray();
        foreach (var merge in await session.Merges.ListRecordsAsync(customerId, cancellationToken).ConfigureAwait(false))
        {
            merges.Add(new JsonObject
            {
                ["survivorId"] = merge.SurvivorId,
                ["mergedId"] = merge.MergedId,
                ["mergedAt"] = merge.MergedAt,
                ["mergedCustomer"] = merge.MergedSnapshotJson is { } snapshot ? JsonNode.Parse(snapshot) : null,
            });
        }

        var rfm = await session.Segments.GetRfmAsync(customerId, cancellationToken).ConfigureAwait(false);
        var document = new JsonObject
        {
            ["exportedAt"] = engine.Time.GetUtcNow(),
            ["tenantId"] = caller.TenantId,
            ["customer"] = CustomerJson.ToDocument(customer),
            ["interactions"] = interactions,
            ["purchases"] = purchases,
            ["consent"] = consent,
            ["rfm"] = rfm is null ? null : new JsonObject
            {
                ["recency"] = rfm.Recency,
                ["frequency"] = rfm.Frequency,
                ["monetary"] = rfm.Monetary,
                ["segment"] = rfm.Segment,
                ["computedAt"] = rfm.ComputedAt,
            },
            ["merges"] = merges,
        };
        await JsonSerializer.SerializeAsync(output, document, CustomerJson.Options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ErasureRecord> EraseAsync(Guid customerId, string reason, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersDelete);
        var errors = new ValidationErrors();
        Check(errors, "reason", reason);
        errors.ThrowIfAny("Erasure");
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.customer.erase");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        ErasureRecord stored;
        var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            _ = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), customerId);
            stored = await session.Privacy.EraseAsync(new ErasureRecord(Guid.CreateVersion7(now), customerId, now, caller.UserId, reason.Trim()), cancellationToken).ConfigureAwait(false);
            await Security.AuditTrail.RedactAsync(engine, session, caller, customerId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Published before the purge, which can throw after the commit: subscribers still learn of the erasure. Ids only.
        await engine.Events.PublishAsync(new Events.CustomerErased(customerId, stored.Id) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        await session.Privacy.PurgeAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<IReadOnlyList<ErasureRecord>> GetErasureLogAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.AuditRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Privacy.ListErasuresAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Check(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required.", "required");
        }
        else if (value.Length > MaxTokenLength)
        {
            errors.Add(field, $"is {value.Length} characters long; at most {MaxTokenLength} are allowed.", "maxLength");
        }
    }
}
