using System.Globalization;

namespace Crm.Engine.Templates;

/// <summary>Turns a <see cref="TemplateModel"/> into the nested dictionaries Handlebars renders, with camelCase names.</summary>
internal static class TemplateModelValues
{
    public static Dictionary<string, object?> From(TemplateModel model) => new(StringComparer.Ordinal)
    {
        ["customer"] = model.Customer is null ? null : Customer(model.Customer),
        ["deal"] = model.Deal,
        ["case"] = model.Case,
        ["data"] = model.Data,
    };

    private static Dictionary<string, object?> Customer(Customer customer)
    {
        var attributes = new Dictionary<string, object?>(customer.Attributes.Count, StringComparer.Ordinal);
        foreach (var (key, value) in customer.Attributes)
        {
            attributes[key] = value.ToString();
        }

        var demographics = customer.Demographics;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = customer.Id.ToString(),
            ["firstName"] = customer.FirstName,
            ["lastName"] = customer.LastName,
            ["displayName"] = customer.DisplayName,
            ["company"] = customer.Company,
            ["email"] = customer.PrimaryEmail,
            ["phone"] = customer.PrimaryPhone,
            ["emails"] = customer.Emails,
            ["phones"] = customer.Phones,
            ["tags"] = customer.Tags,
            ["lifecycleStage"] = customer.LifecycleStage.ToString(),
            ["ownerId"] = customer.OwnerId,
            ["externalId"] = customer.ExternalId,
            ["attributes"] = attributes,
            ["demographics"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["birthDate"] = demographics.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["gender"] = demographics.Gender,
                ["city"] = demographics.City,
                ["region"] = demographics.Region,
                ["country"] = demographics.Country,
                ["postalCode"] = demographics.PostalCode,
            },
        };
    }
}
