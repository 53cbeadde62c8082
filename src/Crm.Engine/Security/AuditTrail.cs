using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Security;

/// <summary>
/// Turns every domain event the engine's services publish into an audit record and appends it: inside a unit of work
/// to the unit's session (same transaction as the change), otherwise right after the change in a session of its own.
/// Works from the event's shape (an entity property, or <c>Before</c> and <c>After</c>), so a new service that
/// publishes its events through <c>engine.Events</c> is audited without code of its own.
/// </summary>
internal static class AuditTrail
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new AttributeValueText(), new JsonStringEnumConverter() } };

    /// <summary>Fields every update changes; listing them would only hide the interesting ones.</summary>
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal) { "updatedAt", "version" };

    private static readonly HashSet<string> EventBaseProperties = typeof(CrmEvent).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static int s_unsupportedWarned;

    /// <summary>Appends the audit record of <paramref name="crmEvent"/>; inside a unit of work pass its session.</summary>
    public static async Task AppendAsync(CrmEngine engine, CrmEvent crmEvent, IStorageSession? unitSession, CancellationToken cancellationToken)
    {
        if (crmEvent is CustomerErased)
        {
            return; // RedactAsync recorded the erasure inside its transaction; a second record would duplicate it.
        }

        var record = From(crmEvent, CrmAccessControl.AmbientCaller);
        if (unitSession is not null)
        {
            if (TryGetStore(engine, unitSession) is { } store)
            {
                await store.AppendAsync([record], cancellationToken).ConfigureAwait(false); // a failure rolls the unit back
            }

            return;
        }

        try
        {
            var session = await engine.Storage.OpenSessionAsync(crmEvent.TenantId, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                if (TryGetStore(engine, session) is { } store)
                {
                    await store.AppendAsync([record], cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change itself is committed; failing the call now would make the caller retry a write that happened.
            SecurityLog.AuditAppendFailed(engine.CreateLogger(typeof(AuditTrail).FullName!), e, record.RecordType, record.RecordId, record.Action, crmEvent.TenantId);
        }
    }

    /// <summary>Builds the audit record of an event.</summary>
    public static AuditRecord From(CrmEvent crmEvent, CrmCaller? ambient)
    {
        var properties = crmEvent.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !EventBaseProperties.Contains(p.Name) && p.GetIndexParameters().Length == 0)
            .ToList();
        var entities = properties.Where(p => typeof(ICrmEntity).IsAssignableFrom(p.PropertyType)).ToList();
        var before = (ICrmEntity?)(entities.Find(p => p.Name == "Before") ?? (entities.Count >= 2 ? entities[0] : null))?.GetValue(crmEvent);
        var after = (ICrmEntity?)(entities.Find(p => p.Name == "After") ?? entities.Find(p => p.Name != "Before"))?.GetValue(crmEvent);
        var subject = after ?? before;
        var origin = ambient is not null && string.Equals(ambient.TenantId, crmEvent.TenantId, StringComparison.Ordinal) ? ambient.Origin.ToString() : "engine";
        return new AuditRecord
        {
            Id = crmEvent.EventId,
            TenantId = crmEvent.TenantId,
            OccurredAt = crmEvent.OccurredAt,
            Actor = crmEvent.Actor ?? ambient?.UserId ?? CrmCaller.SystemUserId,
            Origin = origin,
            RecordType = subject?.GetType().Name ?? RecordTypeOf(crmEvent.GetType().Name),
            RecordId = subject?.Id.ToString() ?? FirstId(properties, crmEvent),
            Action = crmEvent.GetType().Name,
            Changes = subject is null ? [] : Diff(before, after),
            CustomerId = subject is Customer customer ? customer.Id : CustomerIdOf((object?)subject ?? crmEvent),
        };
    }

    /// <summary>
    /// For an erasure, inside its transaction: empties the values of every audit record about the customer and the
    /// customers merged into it, and records the erasure itself (without values).
    /// </summary>
    public static async Task RedactAsync(CrmEngine engine, IStorageSession session, CrmCaller caller, Guid customerId, CancellationToken cancellationToken)
    {
        if (TryGetStore(engine, session) is not { } store)
        {
            return;
        }

        var merges = await session.Merges.ListRecordsAsync(customerId, cancellationToken).ConfigureAwait(false);
        foreach (var id in merges.Select(m => m.MergedId).Append(customerId).Distinct())
        {
            await store.RedactCustomerAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var now = engine.Time.GetUtcNow();
        await store.AppendAsync([new AuditRecord
        {
            Id = Guid.CreateVersion7(now),
            TenantId = session.TenantId,
            OccurredAt = now,
            Actor = caller.UserId,
            Origin = caller.Origin.ToString(),
            RecordType = nameof(Customer),
            RecordId = customerId.ToString(),
            Action = "CustomerErased",
            CustomerId = customerId,
        }], cancellationToken).ConfigureAwait(false);
    }

    private static Guid? CustomerIdOf(object source) =>
        source.GetType().GetProperty("CustomerId")?.GetValue(source) is Guid id && id != Guid.Empty ? id : null;

    /// <summary>Withholds the values of sensitive fields.</summary>
    public static AuditRecord Mask(AuditRecord record, ICollection<string> sensitiveAttributes) =>
        record.Changes.Any(c => SensitiveFields.IsSensitive(c.Field, sensitiveAttributes))
            ? record with { Changes = [.. record.Changes.Select(c => SensitiveFields.IsSensitive(c.Field, sensitiveAttributes) ? new AuditFieldChange(c.Field, null, null) { Masked = true } : c)] }
            : record;

    private static List<AuditFieldChange> Diff(ICrmEntity? before, ICrmEntity? after)
    {
        var old = Flatten(before);
        var @new = Flatten(after);
        var changes = new List<AuditFieldChange>();
        foreach (var field in old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal))
        {
            var was = old.GetValueOrDefault(field);
            var now = @new.GetValueOrDefault(field);
            if (!Noise.Contains(field) && !string.Equals(was, now, StringComparison.Ordinal))
            {
                changes.Add(new AuditFieldChange(field, was, now));
            }
        }

        return changes;
    }

    private static Dictionary<string, string?> Flatten(ICrmEntity? entity)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (entity is not null)
        {
            Flatten(JsonSerializer.SerializeToNode(entity, entity.GetType(), JsonOptions), "", fields);
        }

        return fields;
    }

    private static void Flatten(JsonNode? node, string path, Dictionary<string, string?> fields)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                Flatten(child, path.Length == 0 ? name : path + "." + name, fields);
            }

            return;
        }

        if (node is not null)
        {
            fields[path] = node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node.ToJsonString();
        }
    }

    private static string RecordTypeOf(string eventName)
    {
        for (var i = eventName.Length - 1; i > 0; i--)
        {
            if (char.IsUpper(eventName[i]))
            {
                return eventName[..i];
            }
        }

        return eventName;
    }

    private static string FirstId(List<PropertyInfo> properties, CrmEvent crmEvent) =>
        properties.Find(p => p.PropertyType == typeof(Guid) || (p.PropertyType == typeof(string) && p.Name.EndsWith("Id", StringComparison.Ordinal)))?.GetValue(crmEvent)?.ToString() ?? "";

    /// <summary>Writes a custom attribute as its text, which is all the audit log needs of it.</summary>
    private sealed class AttributeValueText : JsonConverter<AttributeValue>
    {
        public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The audit log only writes attribute values.");

        public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private static IAuditStore? TryGetStore(CrmEngine engine, IStorageSession session)
    {
        try
        {
            return session.Audit;
        }
        catch (NotSupportedException e)
        {
            if (Interlocked.Exchange(ref s_unsupportedWarned, 1) == 0)
            {
                SecurityLog.AuditNotSupported(engine.CreateLogger(typeof(AuditTrail).FullName!), e.Message);
            }

            return null;
        }
    }
}
