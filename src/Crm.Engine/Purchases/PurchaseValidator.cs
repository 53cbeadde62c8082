namespace Crm.Engine;

/// <summary>Reports every invalid field and line of a purchase by name.</summary>
internal static class PurchaseValidator
{
    private const int MaxLines = 1_000;

    public static void Validate(Purchase purchase, ValidationErrors errors)
    {
        if (purchase.CustomerId == Guid.Empty)
        {
            errors.Add("customerId", "is required.", "required");
        }

        if (purchase.PurchasedAt == default)
        {
            errors.Add("purchasedAt", "is required.", "required");
        }

        if (purchase.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add("currency", $"'{purchase.Currency}' is not an ISO 4217 currency code such as 'EUR'.", "currency");
        }

        if (purchase.Lines.Count == 0)
        {
            errors.Add("lines", "a purchase needs at least one line.", "required");
        }
        else if (purchase.Lines.Count > MaxLines)
        {
            errors.Add("lines", $"has {purchase.Lines.Count} lines; at most {MaxLines} are allowed.", "maxItems");
        }

        for (var i = 0; i < purchase.Lines.Count && i < MaxLines; i++)
        {
            var line = purchase.Lines[i];
            var path = $"lines[{i}].";
            if (line is null)
            {
                errors.Add($"lines[{i}]", "is null.", "required");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                errors.Add(path + "sku", "is required.", "required");
            }

            if (line.Quantity <= 0)
            {
                errors.Add(path + "quantity", $"'{line.Quantity}' must be greater than zero.", "range");
            }

            if (line.UnitPrice < 0)
            {
                errors.Add(path + "unitPrice", $"'{line.UnitPrice}' must not be negative.", "range");
            }

            if (line.Discount < 0 || line.Discount > line.Quantity * line.UnitPrice)
            {
                errors.Add(path + "discount", $"'{line.Discount}' must be between zero and the line amount.", "range");
            }
        }
    }
}
