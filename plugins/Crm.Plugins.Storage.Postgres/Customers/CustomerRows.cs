using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Customers;

/// <summary>Maps customers to rows of <c>customers</c> and back, and checks what the schema cannot store.</summary>
internal static class CustomerRows
{
    public const string SelectList =
        "c.id, c.version, c.external_id, c.first_name, c.last_name, c.company, c.emails, c.phones, c.birth_date, c.gender, " +
        "c.city, c.region, c.country, c.postal_code, c.income_band, c.lifecycle_stage, c.owner_id, c.tags, c.attributes, " +
        "c.attribute_kinds, c.created_at, c.created_at_tick, c.updated_at, c.updated_at_tick";

    public const string FindByEmailSql =
        "SELECT " + SelectList + " FROM customers c WHERE c.tenant_id = @tenant AND c.email_keys @> ARRAY[@email] " +
        "ORDER BY c.created_at, c.created_at_tick, c.id LIMIT 1;";

    public const string FindByExternalIdSql =
        "SELECT " + SelectList + " FROM customers c WHERE c.tenant_id = @tenant AND c.external_id = @externalId " +
        "ORDER BY c.created_at, c.created_at_tick, c.id LIMIT 1;";

    private const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;

    public static PgTable<Customer> Table { get; } = new(
        "customers",
        [
            ("tenant_id", NpgsqlDbType.Text), ("id", NpgsqlDbType.Uuid), ("version", NpgsqlDbType.Bigint),
            ("external_id", NpgsqlDbType.Text), ("first_name", NpgsqlDbType.Text), ("last_name", NpgsqlDbType.Text),
            ("company", NpgsqlDbType.Text), ("email_keys", TextArray), ("emails", TextArray), ("phones", TextArray),
            ("birth_date", NpgsqlDbType.Date), ("gender", NpgsqlDbType.Text), ("city", NpgsqlDbType.Text),
            ("region", NpgsqlDbType.Text), ("country", NpgsqlDbType.Text), ("postal_code", NpgsqlDbType.Text),
            ("income_band", NpgsqlDbType.Text), ("lifecycle_stage", NpgsqlDbType.Text), ("owner_id", NpgsqlDbType.Text),
            ("tags", TextArray), ("attributes", NpgsqlDbType.Jsonb), ("attribute_kinds", NpgsqlDbType.Jsonb),
            ("created_at", NpgsqlDbType.TimestampTz), ("created_at_tick", NpgsqlDbType.Smallint),
            ("updated_at", NpgsqlDbType.TimestampTz), ("updated_at_tick", NpgsqlDbType.Smallint),
        ],
        Fill);

    private static void Fill(object?[] row, Customer c, long version, JsonColumns json)
    {
        var d = c.Demographics ?? Demographics.Empty;
        var (attributes, attributeKinds) = json.WriteAttributes(c.Attributes);
        var created = PgInstant.From(c.CreatedAt);
        var updated = PgInstant.From(c.UpdatedAt);
        row[0] = c.TenantId;
        row[1] = c.Id;
        row[2] = version;
        row[3] = c.ExternalId;
        row[4] = c.FirstName;
        row[5] = c.LastName;
        row[6] = c.Company;
        row[7] = EmailKeys(c.Emails);
        row[8] = ToArray(c.Emails);
        row[9] = ToArray(c.Phones);
        row[10] = d.BirthDate;
        row[11] = d.Gender;
        row[12] = d.City;
        row[13] = d.Region;
        row[14] = d.Country;
        row[15] = d.PostalCode;
        row[16] = d.IncomeBand;
        row[17] = c.LifecycleStage.ToString();
        row[18] = c.OwnerId;
        row[19] = ToArray(c.Tags);
        row[20] = attributes;
        row[21] = attributeKinds;
        row[22] = created.Micros;
        row[23] = created.Remainder;
        row[24] = updated.Micros;
        row[25] = updated.Remainder;
    }

    /// <summary>Lists every address once, in lower case: the keys <c>FindByEmailAsync</c> looks up.</summary>
    public static string[] EmailKeys(IReadOnlyList<string> emails)
    {
        if (emails.Count == 0)
        {
            return [];
        }

        if (emails.Count == 1)
        {
            return [emails[0].ToLowerInvariant()];
        }

        return emails.Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
    }

    public static Customer Read(NpgsqlDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        ExternalId = r.GetStringOrNull(2),
        FirstName = r.GetString(3),
        LastName = r.GetString(4),
        Company = r.GetStringOrNull(5),
        Emails = r.GetFieldValue<string[]>(6),
        Phones = r.GetFieldValue<string[]>(7),
        Demographics = ReadDemographics(r),
        LifecycleStage = Enum.Parse<LifecycleStage>(r.GetString(15)),
        OwnerId = r.GetStringOrNull(16),
        Tags = r.GetFieldValue<string[]>(17),
        Attributes = JsonColumns.ReadAttributes(r.GetString(18), r.GetStringOrNull(19)),
        CreatedAt = r.GetInstant(20, 21),
        UpdatedAt = r.GetInstant(22, 23),
    };

    /// <summary>Collects what cannot be stored faithfully, such as null list elements or unset attribute values.</summary>
    public static List<ValidationError>? Validate(Customer c)
    {
        List<ValidationError>? errors = null;
        void Add(string path, string message) => (errors ??= []).Add(new ValidationError(path, message) { Rule = "required" });

        if (c.FirstName is null)
        {
            Add("firstName", "the first name is null; use an empty string for none.");
        }

        if (c.LastName is null)
        {
            Add("lastName", "the last name is null; use an empty string for none.");
        }

        CheckList(c.Emails, "emails", Add);
        CheckList(c.Phones, "phones", Add);
        CheckList(c.Tags, "tags", Add);
        if (c.Attributes is null)
        {
            Add("attributes", "the attributes are null; use an empty dictionary for none.");
        }
        else
        {
            foreach (var (key, value) in c.Attributes)
            {
                if (value.Kind == AttributeKind.String && value.AsString() is null)
                {
                    Add($"attributes.{key}", "the attribute value is unset (default); create it with AttributeValue.FromString, FromNumber, FromDate or FromBoolean.");
                }
            }
        }

        return errors;
    }

    private static string[] ToArray(IReadOnlyList<string> values) => values as string[] ?? [.. values];

    private static void CheckList(IReadOnlyList<string>? values, string name, Action<string, string> add)
    {
        if (values is null)
        {
            add(name, $"the {name} list is null; use an empty list for none.");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                add($"{name}[{i}]", "the element is null.");
            }
        }
    }

    private static Demographics ReadDemographics(NpgsqlDataReader r)
    {
        DateOnly? birthDate = r.IsDBNull(8) ? null : r.GetFieldValue<DateOnly>(8);
        var gender = r.GetStringOrNull(9);
        var city = r.GetStringOrNull(10);
        var region = r.GetStringOrNull(11);
        var country = r.GetStringOrNull(12);
        var postalCode = r.GetStringOrNull(13);
        var incomeBand = r.GetStringOrNull(14);
        if (birthDate is null && gender is null && city is null && region is null && country is null && postalCode is null && incomeBand is null)
        {
            return Demographics.Empty;
        }

        return new Demographics
        {
            BirthDate = birthDate,
            Gender = gender,
            City = city,
            Region = region,
            Country = country,
            PostalCode = postalCode,
            IncomeBand = incomeBand,
        };
    }
}
