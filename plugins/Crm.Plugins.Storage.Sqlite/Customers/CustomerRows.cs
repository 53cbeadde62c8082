using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Customers;

/// <summary>Maps customers to rows of <c>customers</c> and back, and checks what the schema cannot store.</summary>
internal static class CustomerRows
{
    public const string SelectList =
        "c.id, c.version, c.external_id, c.first_name, c.last_name, c.company, c.emails, c.phones, c.birth_date, c.gender, " +
        "c.city, c.region, c.country, c.postal_code, c.income_band, c.lifecycle_stage, c.owner_id, c.tags, c.attributes, " +
        "c.attribute_kinds, c.created_at, c.updated_at";

    private static readonly string[] Columns =
    [
        "tenant_id", "id", "version", "external_id", "first_name", "last_name", "company", "email", "emails", "phone", "phones",
        "birth_date", "gender", "city", "region", "country", "postal_code", "income_band", "lifecycle_stage", "owner_id",
        "tags", "attributes", "attribute_kinds", "created_at", "updated_at",
    ];

    public static readonly string InsertSql =
        $"INSERT INTO customers ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))});";

    /// <summary>The insert with positional parameters (<c>?1</c> = tenant_id, ...) for <see cref="BindRaw"/>.</summary>
    public static readonly string InsertRawSql =
        $"INSERT INTO customers ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => "?" + (i + 1)))});";

    // The version guard makes the update a compare-and-swap: a stale writer changes no row.
    public static readonly string UpdateSql =
        "UPDATE customers SET version = @version + 1, " +
        string.Join(", ", Columns.Skip(3).Select(c => $"{c} = @{c}")) +
        " WHERE tenant_id = @tenant_id AND id = @id AND version = @version;";

    // With ORDER BY ... LIMIT 1, SQLite prefers walking ix_customers_created over the whole tenant to sorting the
    // one or two matches; INDEXED BY and CROSS JOIN (which fixes the join order) keep both lookups index seeks.
    public const string FindByEmailSql =
        "SELECT * FROM (SELECT " + SelectList + " FROM customers c INDEXED BY ix_customers_email WHERE c.tenant_id = @tenant AND c.email = @email " +
        "UNION ALL SELECT " + SelectList + " FROM customer_emails e CROSS JOIN customers c " +
        "WHERE e.tenant_id = @tenant AND e.email = @email AND c.tenant_id = e.tenant_id AND c.id = e.customer_id) " +
        "ORDER BY created_at, id LIMIT 1;";

    public const string FindByExternalIdSql =
        "SELECT " + SelectList + " FROM customers c INDEXED BY ix_customers_external_id " +
        "WHERE c.tenant_id = @tenant AND c.external_id = @externalId ORDER BY c.created_at, c.id LIMIT 1;";

    public const string InsertEmailSql =
        "INSERT OR IGNORE INTO customer_emails (tenant_id, email, customer_id) VALUES (@tenant, @email, @customer);";

    public const string DeleteEmailSql =
        "DELETE FROM customer_emails WHERE tenant_id = @tenant AND email = @email AND customer_id = @customer;";

    public const string ReadEmailsSql = "SELECT emails FROM customers WHERE tenant_id = @tenant AND id = @customer;";

    public const string DeleteSql =
        "DELETE FROM customers WHERE tenant_id = @tenant AND id = @id AND version = @version RETURNING emails;";

    /// <summary>Adds one parameter per column, in column order, for <see cref="Bind"/>.</summary>
    public static void AddParameters(SqliteCommand command) => SqliteValues.AddParameters(command, Columns);

    public static void AddEmailParameters(SqliteCommand command) => SqliteValues.AddParameters(command, ["tenant", "email", "customer"]);

    /// <summary>Lists the lower-case addresses after the primary one that differ from it: the rows of <c>customer_emails</c>.</summary>
    public static IEnumerable<string> SecondaryEmails(IReadOnlyList<string> emails)
    {
        if (emails.Count < 2)
        {
            yield break;
        }

        var primary = emails[0].ToLowerInvariant();
        for (var i = 1; i < emails.Count; i++)
        {
            var address = emails[i].ToLowerInvariant();
            if (!string.Equals(address, primary, StringComparison.Ordinal))
            {
                yield return address;
            }
        }
    }

    public static void Bind(SqliteParameterCollection p, Customer c, long version, JsonColumns json)
    {
        var d = c.Demographics ?? Demographics.Empty;
        var (attributes, attributeKinds) = json.WriteAttributes(c.Attributes);
        p[0].Value = c.TenantId;
        p[1].Value = c.Id;
        p[2].Value = version;
        p[3].Value = SqliteValues.OrNull(c.ExternalId);
        p[4].Value = c.FirstName;
        p[5].Value = c.LastName;
        p[6].Value = SqliteValues.OrNull(c.Company);
        p[7].Value = SqliteValues.OrNull(c.PrimaryEmail?.ToLowerInvariant());
        p[8].Value = json.WriteStrings(c.Emails);
        p[9].Value = SqliteValues.OrNull(c.PrimaryPhone);
        p[10].Value = json.WriteStrings(c.Phones);
        p[11].Value = SqliteValues.ToDateText(d.BirthDate);
        p[12].Value = SqliteValues.OrNull(d.Gender);
        p[13].Value = SqliteValues.OrNull(d.City);
        p[14].Value = SqliteValues.OrNull(d.Region);
        p[15].Value = SqliteValues.OrNull(d.Country);
        p[16].Value = SqliteValues.OrNull(d.PostalCode);
        p[17].Value = SqliteValues.OrNull(d.IncomeBand);
        p[18].Value = c.LifecycleStage.ToString();
        p[19].Value = SqliteValues.OrNull(c.OwnerId);
        p[20].Value = json.WriteStrings(c.Tags);
        p[21].Value = attributes;
        p[22].Value = SqliteValues.OrNull(attributeKinds);
        p[23].Value = SqliteValues.ToTicks(c.CreatedAt);
        p[24].Value = SqliteValues.ToTicks(c.UpdatedAt);
    }

    /// <summary>Binds a customer to <see cref="InsertRawSql"/>: the same values <see cref="Bind"/> gives the commands.</summary>
    public static void BindRaw(SqliteRawStatement s, Customer c, long version, JsonColumns json)
    {
        var d = c.Demographics ?? Demographics.Empty;
        var (attributes, attributeKinds) = json.WriteAttributes(c.Attributes);
        s.Text(1, c.TenantId);
        s.Guid(2, c.Id);
        s.Int64(3, version);
        s.Text(4, c.ExternalId);
        s.Text(5, c.FirstName);
        s.Text(6, c.LastName);
        s.Text(7, c.Company);
        s.Text(8, c.PrimaryEmail?.ToLowerInvariant());
        s.Utf8(9, json.WriteStringsUtf8(c.Emails));
        s.Text(10, c.PrimaryPhone);
        s.Utf8(11, json.WriteStringsUtf8(c.Phones));
        s.Date(12, d.BirthDate);
        s.Text(13, d.Gender);
        s.Text(14, d.City);
        s.Text(15, d.Region);
        s.Text(16, d.Country);
        s.Text(17, d.PostalCode);
        s.Text(18, d.IncomeBand);
        s.Text(19, c.LifecycleStage.ToString());
        s.Text(20, c.OwnerId);
        s.Utf8(21, json.WriteStringsUtf8(c.Tags));
        s.Text(22, attributes);
        s.Text(23, attributeKinds);
        s.Int64(24, SqliteValues.ToTicks(c.CreatedAt));
        s.Int64(25, SqliteValues.ToTicks(c.UpdatedAt));
    }

    public static Customer Read(SqliteDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        ExternalId = r.GetStringOrNull(2),
        FirstName = r.GetString(3),
        LastName = r.GetString(4),
        Company = r.GetStringOrNull(5),
        Emails = JsonColumns.ReadStrings(r.GetString(6)),
        Phones = JsonColumns.ReadStrings(r.GetString(7)),
        Demographics = ReadDemographics(r),
        LifecycleStage = Enum.Parse<LifecycleStage>(r.GetString(15)),
        OwnerId = r.GetStringOrNull(16),
        Tags = JsonColumns.ReadStrings(r.GetString(17)),
        Attributes = JsonColumns.ReadAttributes(r.GetString(18), r.GetStringOrNull(19)),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(20)),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(21)),
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

    private static Demographics ReadDemographics(SqliteDataReader r)
    {
        var birthDate = r.GetStringOrNull(8);
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
            BirthDate = birthDate is null ? null : SqliteValues.FromDateText(birthDate),
            Gender = gender,
            City = city,
            Region = region,
            Country = country,
            PostalCode = postalCode,
            IncomeBand = incomeBand,
        };
    }
}
