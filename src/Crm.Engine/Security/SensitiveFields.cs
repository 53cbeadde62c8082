namespace Crm.Engine.Security;

/// <summary>
/// The customer fields only callers with <c>customers.readSensitive</c> see: birth date, income band and the custom
/// attributes the host lists. Masked means set to <see langword="null"/> (demographics) or left out (attributes).
/// </summary>
internal static class SensitiveFields
{
    /// <summary>The field names as they appear in audit records and documentation.</summary>
    public const string BirthDate = "demographics.birthDate";

    /// <summary>See <see cref="BirthDate"/>.</summary>
    public const string IncomeBand = "demographics.incomeBand";

    public static Customer Mask(Customer customer, ICollection<string> sensitiveAttributes)
    {
        var demographics = customer.Demographics.BirthDate is null && customer.Demographics.IncomeBand is null
            ? customer.Demographics
            : customer.Demographics with { BirthDate = null, IncomeBand = null };
        var attributes = customer.Attributes;
        if (sensitiveAttributes.Count > 0 && attributes.Keys.Any(sensitiveAttributes.Contains))
        {
            attributes = attributes.Where(a => !sensitiveAttributes.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        }

        return ReferenceEquals(demographics, customer.Demographics) && ReferenceEquals(attributes, customer.Attributes)
            ? customer
            : customer with { Demographics = demographics, Attributes = attributes };
    }

    public static Customer Restore(Customer incoming, Customer stored, ICollection<string> sensitiveAttributes)
    {
        var demographics = incoming.Demographics with
        {
            BirthDate = incoming.Demographics.BirthDate ?? stored.Demographics.BirthDate,
            IncomeBand = incoming.Demographics.IncomeBand ?? stored.Demographics.IncomeBand,
        };
        var attributes = incoming.Attributes;
        var missing = stored.Attributes.Where(a => sensitiveAttributes.Contains(a.Key) && !incoming.Attributes.ContainsKey(a.Key)).ToList();
        if (missing.Count > 0)
        {
            var merged = new Dictionary<string, AttributeValue>(incoming.Attributes, StringComparer.Ordinal);
            foreach (var (key, value) in missing)
            {
                merged[key] = value;
            }

            attributes = merged;
        }

        return incoming with { Demographics = demographics, Attributes = attributes };
    }

    /// <summary>Returns the first customer field of <paramref name="condition"/> that is sensitive, or <see langword="null"/>.</summary>
    public static string? FirstIn(Conditions.Condition condition, ICollection<string> sensitiveAttributes) => condition switch
    {
        Conditions.ComparisonCondition c when c.Field is "birthDate" or "incomeBand"
            || (c.Field.StartsWith(Conditions.FieldCatalog.AttributePrefix, StringComparison.Ordinal) && sensitiveAttributes.Contains(c.Field[Conditions.FieldCatalog.AttributePrefix.Length..])) => c.Field,
        Conditions.AllCondition all => all.Conditions.Select(c => FirstIn(c, sensitiveAttributes)).FirstOrDefault(f => f is not null),
        Conditions.AnyCondition any => any.Conditions.Select(c => FirstIn(c, sensitiveAttributes)).FirstOrDefault(f => f is not null),
        Conditions.NotCondition not => FirstIn(not.Condition, sensitiveAttributes),
        _ => null, // relations filter interactions and purchases, which hold no sensitive fields
    };

    public static bool IsSensitive(string fieldPath, ICollection<string> sensitiveAttributes) =>
        fieldPath is BirthDate or IncomeBand
        || (fieldPath.StartsWith("attributes.", StringComparison.Ordinal) && sensitiveAttributes.Contains(fieldPath["attributes.".Length..]));
}
