namespace Crm.Engine.Sales;

/// <summary>Maps a web-form submission's fields onto a new lead-stage customer.</summary>
internal static class WebFormMapper
{
    public static Customer Map(WebFormSubmission submission)
    {
        var errors = new ValidationErrors();
        string? first = null, last = null, email = null, phone = null, company = null;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (formField, customerField) in submission.FieldMap)
        {
            if (!submission.Fields.TryGetValue(formField, out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var value = raw.Trim();
            switch (customerField)
            {
                case "firstName": first = value; break;
                case "lastName": last = value; break;
                case "email": email = ContactFormats.NormalizeEmail(value); break;
                case "phone": phone = value; break;
                case "company": company = value; break;
                case var f when f.StartsWith("attributes.", StringComparison.Ordinal) && f.Length > "attributes.".Length:
                    attributes[f["attributes.".Length..]] = AttributeValue.FromString(value);
                    break;
                default:
                    errors.Add($"fieldMap['{formField}']", $"'{customerField}' is not a customer field a form can fill; use firstName, lastName, email, phone, company or attributes.<name>.", "unknownField");
                    break;
            }
        }

        if (email is null)
        {
            errors.Add("fields", $"form '{submission.FormId}' submitted no email (mapped to 'email'); leads are deduplicated by email.", "required");
        }

        errors.ThrowIfAny("WebFormSubmission");
        return new Customer
        {
            FirstName = first ?? "",
            LastName = last ?? "",
            Company = company,
            Emails = [email!],
            Phones = phone is null ? [] : [phone],
            Attributes = attributes,
            LifecycleStage = LifecycleStage.Lead,
        };
    }
}
