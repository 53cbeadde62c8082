using System.Globalization;

namespace Crm.Engine.Sales;

/// <summary>Checks pipelines, deals and quotes before they are stored; every error names the field.</summary>
internal static class SalesValidator
{
    public static void ValidatePipeline(Pipeline pipeline)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(pipeline.Name))
        {
            errors.Add("name", "a pipeline needs a name.", "required");
        }

        var stages = pipeline.Stages ?? [];
        if (!stages.Any(s => s.Kind == DealStatus.Open))
        {
            errors.Add("stages", "a pipeline needs at least one working (open) stage.", "required");
        }

        if (!stages.Any(s => s.Kind == DealStatus.Won) || !stages.Any(s => s.Kind == DealStatus.Lost))
        {
            errors.Add("stages", "a pipeline needs a won and a lost stage to close deals.", "required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (string.IsNullOrWhiteSpace(stage.Id) || stage.Id.Length > 64)
            {
                errors.Add($"stages[{i}].id", "a stage needs a key of 1 to 64 characters.", "required");
            }
            else if (!seen.Add(stage.Id))
            {
                errors.Add($"stages[{i}].id", $"the stage key '{stage.Id}' is used twice.", "unique");
            }

            if (stage.Probability is < 0 or > 100 || decimal.Round(stage.Probability, 2) != stage.Probability)
            {
                errors.Add($"stages[{i}].probability", $"the probability {stage.Probability.ToString(CultureInfo.InvariantCulture)} must be a percentage from 0 to 100 with at most 2 decimals.", "range");
            }

            if ((stage.Kind == DealStatus.Won && stage.Probability != 100) || (stage.Kind == DealStatus.Lost && stage.Probability != 0))
            {
                errors.Add($"stages[{i}].probability", "a won stage has probability 100 and a lost stage 0.", "range");
            }
        }

        errors.ThrowIfAny(nameof(Pipeline));
    }

    public static void ValidateDeal(Deal deal, Pipeline pipeline)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(deal.Name))
        {
            errors.Add("name", "a deal needs a name.", "required");
        }

        if (pipeline.FindStage(deal.StageId) is null)
        {
            errors.Add("stageId", $"pipeline '{pipeline.Name}' has no stage '{deal.StageId}'.", "unknownStage");
        }

        Money(deal.Amount, "amount", errors);
        Currency(deal.Currency, "currency", errors);
        errors.ThrowIfAny(nameof(Deal));
    }

    public static void ValidateQuote(Quote quote)
    {
        var errors = new ValidationErrors();
        Currency(quote.Currency, "currency", errors);
        Percent(quote.DiscountPercent, "discountPercent", errors);
        var lines = quote.Lines ?? [];
        if (lines.Count == 0)
        {
            errors.Add("lines", "a quote needs at least one line.", "required");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                errors.Add($"lines[{i}].sku", "a line needs a SKU.", "required");
            }

            if (line.Quantity <= 0 || decimal.Round(line.Quantity, 4) != line.Quantity)
            {
                errors.Add($"lines[{i}].quantity", $"the quantity {line.Quantity.ToString(CultureInfo.InvariantCulture)} must be positive with at most 4 decimals.", "range");
            }

            Money(line.UnitPrice, $"lines[{i}].unitPrice", errors);
            Percent(line.DiscountPercent, $"lines[{i}].discountPercent", errors);
            Percent(line.TaxRatePercent, $"lines[{i}].taxRatePercent", errors);
        }

        errors.ThrowIfAny(nameof(Quote));
    }

    public static void Currency(string? currency, string field, ValidationErrors errors)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add(field, $"'{currency}' is not an ISO 4217 currency code (three letters, such as EUR).", "currency");
        }
    }

    private static void Money(decimal amount, string field, ValidationErrors errors)
    {
        if (amount < 0 || decimal.Round(amount, 4) != amount)
        {
            errors.Add(field, $"the amount {amount.ToString(CultureInfo.InvariantCulture)} must be zero or more with at most 4 decimals.", "range");
        }
    }

    private static void Percent(decimal value, string field, ValidationErrors errors)
    {
        if (value is < 0 or > 100)
        {
            errors.Add(field, $"{value.ToString(CultureInfo.InvariantCulture)} is not a percentage from 0 to 100.", "range");
        }
    }
}
