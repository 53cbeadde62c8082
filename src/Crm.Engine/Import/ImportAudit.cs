using System.Buffers;
using System.Text;
using System.Text.Json;
using Crm.Engine.Security;

namespace Crm.Engine;

/// <summary>
/// Builds the audit records of the customers one import writes: the same records the audit trail makes of
/// <see cref="Events.CustomerCreated"/> and <see cref="Events.CustomerUpdated"/> (fields, values and their text), with the
/// origin <c>import</c>, but from the customer's fields directly instead of serializing each customer to a JSON tree, and
/// with ascending identifiers so the audit log's key appends.
/// </summary>
/// <remarks>
/// Imports publish no per-record events (a million-row file would mean a million webhook deliveries and workflow
/// triggers), so the import writes these records itself, in each batch's transaction: a batch's customers and their
/// audit records are stored together or not at all.
/// </remarks>
internal sealed class ImportAudit : IDisposable
{
    private const string RecordType = nameof(Customer);

    /// <summary>Attribute keys whose field names are kept: custom fields are few, free-form keys need not be.</summary>
    private const int MaxAttributeFields = 256;

    private static readonly Comparison<KeyValuePair<string, string>> ByField = (x, y) => string.CompareOrdinal(x.Key, y.Key);

    private readonly ImportIdGenerator _ids;
    private readonly string _tenantId;
    private readonly string _actor;
    private readonly string _origin;
    private readonly DateTimeOffset _now;
    private readonly string _nowText;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly List<KeyValuePair<string, string>> _fields = new(32);
    private readonly Dictionary<string, string> _attributeFields = new(StringComparer.Ordinal);

    public ImportAudit(CrmCaller caller, DateTimeOffset now)
    {
        _ids = new ImportIdGenerator(now);
        _tenantId = caller.TenantId;
        _actor = caller.UserId;
        _origin = new CrmOrigin("import", caller.Origin == CrmOrigin.Direct ? null : caller.Origin.ToString()).ToString();
        _now = now;
        _nowText = InstantText(now);
        _json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>
    /// Gets or sets whether imports write these records (default <see langword="true"/>). Not an option: only the
    /// import benchmark turns it off, to measure what the audit costs.
    /// </summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Gets the origin the records carry: <c>import</c>, or <c>import:&lt;caller's origin&gt;</c> (e.g. <c>import:cli</c>).</summary>
    public string Origin => _origin;

    /// <summary>
    /// The records of one chunk of a batch: those of the created customers (built by the import's preparing stage, off
    /// the writer's thread), then those of the updates from <paramref name="firstUpdate"/> on, each built when it is
    /// read, so they never live at once. The
    /// identifiers are reserved up front: reading a record twice gives the same record.
    /// </summary>
    public IReadOnlyList<AuditRecord> RecordsOf(
        List<AuditRecord> created,
        List<(long Row, string[] Raw, Customer Customer)> updates,
        List<Customer> befores,
        int firstUpdate) => new BatchRecords(this, _ids.Reserve(updates.Count - firstUpdate), created, updates, befores, firstUpdate);

    /// <summary>The record of a customer the import created: every field it has, from nothing.</summary>
    public AuditRecord Created(Customer after) => Created(after, _ids.Next());

    /// <summary>The record of a customer the import updated: the fields whose text changed, before and after.</summary>
    public AuditRecord Updated(Customer before, Customer after) => Updated(before, after, _ids.Next());

    private AuditRecord Created(Customer after, Guid id)
    {
        _fields.Clear();
        var idText = after.Id.ToString();
        Flatten(after, idText, after.CreatedAt == _now ? _nowText : InstantText(after.CreatedAt), _fields);
        _fields.Sort(ByField);
        var changes = new AuditFieldChange[_fields.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            changes[i] = new AuditFieldChange(_fields[i].Key, null, _fields[i].Value);
        }

        return Record(id, after.Id, idText, nameof(Events.CustomerCreated), changes);
    }

    private AuditRecord Updated(Customer before, Customer after, Guid id)
    {
        var createdText = InstantText(before.CreatedAt);
        var old = new List<KeyValuePair<string, string>>(32);
        Flatten(before, before.Id.ToString(), createdText, old);
        _fields.Clear();
        var idText = after.Id.ToString();
        Flatten(after, idText, after.CreatedAt == before.CreatedAt ? createdText : InstantText(after.CreatedAt), _fields);
        var was = old.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var now = _fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var changes = new List<AuditFieldChange>();
        foreach (var field in was.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var a = was.GetValueOrDefault(field);
            var b = now.GetValueOrDefault(field);
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add(new AuditFieldChange(field, a, b));
            }
        }

        return Record(id, after.Id, idText, nameof(Events.CustomerUpdated), changes);
    }

    public void Dispose() => _json.Dispose();

    /// <summary>The text the audit trail's JSON gives an instant (System.Text.Json's ISO 8601 form).</summary>
    private static string InstantText(DateTimeOffset instant) => JsonSerializer.SerializeToElement(instant).GetString()!;

    private AuditRecord Record(Guid id, Guid customerId, string customerIdText, string action, IReadOnlyList<AuditFieldChange> changes) => new()
    {
        Id = id,
        TenantId = _tenantId,
        OccurredAt = _now,
        Actor = _actor,
        Origin = _origin,
        RecordType = RecordType,
        RecordId = customerIdText,
        Action = action,
        Changes = changes,
        CustomerId = customerId,
    };

    /// <summary>
    /// Lists the customer's non-null fields as the audit trail names them (camel case, nested with dots) and writes
    /// them (lists as JSON arrays); <c>updatedAt</c> and <c>version</c> change on every write and are left out, as there.
    /// </summary>
    private void Flatten(Customer c, string idText, string createdAt, List<KeyValuePair<string, string>> fields)
    {
        void Add(string field, string? value)
        {
            if (value is not null)
            {
                fields.Add(new(field, value));
            }
        }

        Add("id", idText);
        Add("tenantId", c.TenantId);
        Add("externalId", c.ExternalId);
        Add("firstName", c.FirstName);
        Add("lastName", c.LastName);
        Add("company", c.Company);
        Add("emails", List(c.Emails));
        Add("phones", List(c.Phones));
        Add("tags", List(c.Tags));
        var d = c.Demographics;
        if (d is not null)
        {
            Add("demographics.birthDate", d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Add("demographics.gender", d.Gender);
            Add("demographics.city", d.City);
            Add("demographics.region", d.Region);
            Add("demographics.country", d.Country);
            Add("demographics.postalCode", d.PostalCode);
            Add("demographics.incomeBand", d.IncomeBand);
        }

        foreach (var (key, value) in c.Attributes)
        {
            Add(AttributeField(key), value.ToString());
        }

        Add("lifecycleStage", c.LifecycleStage.ToString());
        Add("ownerId", c.OwnerId);
        Add("createdAt", createdAt);
        Add("primaryEmail", c.PrimaryEmail);
        Add("primaryPhone", c.PrimaryPhone);
        Add("displayName", c.DisplayName);
    }

    /// <summary>
    /// The audit trail's name of an attribute's field (<c>attributes.&lt;key&gt;</c>), made once per key and import
    /// rather than once per customer: a file's rows share a handful of attribute keys.
    /// </summary>
    private string AttributeField(string key)
    {
        if (!_attributeFields.TryGetValue(key, out var field))
        {
            field = "attributes." + key;
            if (_attributeFields.Count < MaxAttributeFields)
            {
                _attributeFields.Add(key, field);
            }
        }

        return field;
    }

    /// <summary>Writes a list as the audit trail does (a JSON array, default encoder).</summary>
    private string List(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartArray();
        foreach (var value in values)
        {
            _json.WriteStringValue(value);
        }

        _json.WriteEndArray();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>A batch's audit records: the created customers' as built, the updated customers' built on each read.</summary>
    private sealed class BatchRecords(
        ImportAudit audit,
        ulong firstId,
        List<AuditRecord> created,
        List<(long Row, string[] Raw, Customer Customer)> updates,
        List<Customer> befores,
        int firstUpdate) : IReadOnlyList<AuditRecord>
    {
        public int Count => created.Count + updates.Count - firstUpdate;

        public AuditRecord this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                if (index < created.Count)
                {
                    return created[index];
                }

                var update = index - created.Count;
                return audit.Updated(befores[firstUpdate + update], updates[firstUpdate + update].Customer, audit._ids.At(firstId + (ulong)update));
            }
        }

        public IEnumerator<AuditRecord> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
