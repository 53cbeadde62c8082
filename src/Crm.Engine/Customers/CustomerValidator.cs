using Crm.Engine.Conditions;

namespace Crm.Engine;

/// <summary>
/// Normalizes a customer (trimmed names, lower-case unique emails, phones without separators, unique tags) and
/// reports every invalid field by name.
/// </summary>
internal static class CustomerValidator
{
    private const int MaxNameLength = 200;
    private const int MaxTagLength = 100;
    private const int MaxListCount = 50;

    public static Customer Normalize(Customer customer, string? defaultPhoneRegion = null) => customer with
    {
        FirstName = customer.FirstName?.Trim() ?? "",
        LastName = customer.LastName?.Trim() ?? "",
        Company = string.IsNullOrWhiteSpace(customer.Company) ? null : customer.Company.Trim(),
        ExternalId = string.IsNullOrWhiteSpace(customer.ExternalId) ? null : customer.ExternalId.Trim(),
        Emails = NormalizeList(customer.Emails, ListKind.Email, null),
        Phones = NormalizeList(customer.Phones, ListKind.Phone, defaultPhoneRegion),
        Tags = NormalizeList(customer.Tags, ListKind.Tag, null),
        Demographics = customer.Demographics is { Country: { } country } d ? NormalizeCountry(d, country) : customer.Demographics ?? Demographics.Empty,
    };

    public static void Validate(Customer customer, DateTimeOffset now, ValidationErrors errors)
    {
        if (customer.FirstName.Length == 0 && customer.LastName.Length == 0 && customer.Company is null && customer.Emails.Count == 0)
        {
            errors.Add("lastName", "a customer needs a first or last name, a company or an email address.", "required");
        }

        CheckLength(errors, "firstName", customer.FirstName, MaxNameLength);
        CheckLength(errors, "lastName", customer.LastName, MaxNameLength);
        CheckLength(errors, "company", customer.Company, MaxNameLength);
        CheckLength(errors, "externalId", customer.ExternalId, MaxNameLength);
        CheckLength(errors, "ownerId", customer.OwnerId, MaxNameLength);
        CheckCount(errors, "emails", customer.Emails.Count);
        CheckCount(errors, "phones", customer.Phones.Count);
        CheckCount(errors, "tags", customer.Tags.Count);
        for (var i = 0; i < customer.Emails.Count; i++)
        {
            if (!ContactFormats.IsValidEmail(customer.Emails[i]))
            {
                errors.Add($"emails[{i}]", $"'{customer.Emails[i]}' is not a valid email address; expected name@domain.tld.", "email");
            }
        }

        for (var i = 0; i < customer.Phones.Count; i++)
        {
            if (!PhoneNumbers.IsValid(customer.Phones[i]))
            {
                errors.Add($"phones[{i}]", $"'{customer.Phones[i]}' is not a valid phone number; expected E.164 ('+', calling code, 8 to 15 digits, such as +4930123456), or a national number when a default phone region is configured.", "phone");
            }
        }

        for (var i = 0; i < customer.Tags.Count; i++)
        {
            CheckLength(errors, $"tags[{i}]", customer.Tags[i], MaxTagLength);
        }

        var demographics = customer.Demographics;
        if (demographics.Country is { } country && (country.Length != 2 || !char.IsAsciiLetterUpper(country[0]) || !char.IsAsciiLetterUpper(country[1])))
        {
            errors.Add("demographics.country", $"'{country}' is not an ISO 3166-1 alpha-2 country code such as 'DE'.", "country");
        }

        if (demographics.BirthDate is { } birthDate
            && (birthDate > DateOnly.FromDateTime(now.UtcDateTime) || birthDate.Year < 1900))
        {
            errors.Add("demographics.birthDate", $"'{birthDate:yyyy-MM-dd}' is not a plausible birth date (after 1900 and not in the future).", "range");
        }

        foreach (var key in customer.Attributes.Keys)
        {
            if (!FieldCatalog.IsSafeAttributeKey(key))
            {
                errors.Add($"attributes['{key}']", $"'{key}' is not a valid attribute name: use letters, digits, '_' and '-', start with a letter or '_', at most 64 characters.", "attributeName");
            }
        }

        if (!Enum.IsDefined(customer.LifecycleStage))
        {
            errors.Add("lifecycleStage", $"'{(int)customer.LifecycleStage}' is not a lifecycle stage.", "enum");
        }
    }

    private static void CheckLength(ValidationErrors errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, $"is {value.Length} characters long; at most {max} are allowed.", "maxLength");
        }
    }

    private static void CheckCount(ValidationErrors errors, string field, int count)
    {
        if (count > MaxListCount)
        {
            errors.Add(field, $"has {count} entries; at most {MaxListCount} are allowed.", "maxItems");
        }
    }

    private enum ListKind
    {
        Email,
        Phone,
        Tag,
    }

    private static Demographics NormalizeCountry(Demographics demographics, string country)
    {
        var normalized = country.Trim().ToUpperInvariant();
        return string.Equals(normalized, country, StringComparison.Ordinal) ? demographics : demographics with { Country = normalized };
    }

    /// <summary>
    /// Drops blank entries, normalizes the rest and drops repeats (first one wins) into a new array: the same result
    /// as a Where/Select/Distinct query, without its enumerators and set for the one to three entries lists hold.
    /// </summary>
    private static string[] NormalizeList(IReadOnlyList<string>? values, ListKind kind, string? defaultPhoneRegion)
    {
        if (values is null || values.Count == 0)
        {
            return [];
        }

        var result = new string[values.Count];
        var count = 0;
        HashSet<string>? seen = values.Count > 8 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            value = kind switch
            {
                ListKind.Email => ContactFormats.NormalizeEmail(value),
                ListKind.Phone => PhoneNumbers.Normalize(value, defaultPhoneRegion),
                _ => value.Trim(),
            };
            if (seen is not null ? seen.Add(value) : Array.IndexOf(result, value, 0, count) < 0)
            {
                result[count++] = value;
            }
        }

        if (count < result.Length)
        {
            Array.Resize(ref result, count);
        }

        return result;
    }
}
