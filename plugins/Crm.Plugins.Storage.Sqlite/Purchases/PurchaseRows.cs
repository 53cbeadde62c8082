using System.Globalization;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Purchases;

/// <summary>
/// Maps purchases to rows of <c>purchases</c> and <c>purchase_lines</c> and back; amounts become integers scaled
/// by 10^4, with the line and order totals computed once here so SQL can compare and sum them exactly.
/// </summary>
internal static class PurchaseRows
{
    public const string SelectList = "p.id, p.version, p.customer_id, p.order_number, p.purchased_at, p.currency, p.channel, p.created_at";

    public const string DeleteLinesSql = "DELETE FROM purchase_lines WHERE tenant_id = @tenant AND purchase_id = @purchase;";

    private static readonly string[] Columns =
        ["tenant_id", "id", "version", "customer_id", "order_number", "purchased_at", "currency", "channel", "total", "created_at"];

    private static readonly string[] LineColumns =
        ["tenant_id", "purchase_id", "line_no", "sku", "product_name", "category", "quantity", "unit_price", "discount", "total"];

    public static readonly string InsertSql =
        $"INSERT INTO purchases ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))});";

    public static readonly string UpdateSql =
        "UPDATE purchases SET version = @version + 1, " +
        string.Join(", ", Columns.Skip(3).Select(c => $"{c} = @{c}")) +
        " WHERE tenant_id = @tenant_id AND id = @id AND version = @version;";

    public static readonly string InsertLineSql =
        $"INSERT INTO purchase_lines ({string.Join(", ", LineColumns)}) VALUES ({string.Join(", ", LineColumns.Select(c => "@" + c))});";

    public static void AddParameters(SqliteCommand command) => SqliteValues.AddParameters(command, Columns);

    public static void AddLineParameters(SqliteCommand command) => SqliteValues.AddParameters(command, LineColumns);

    /// <summary>Scales every amount of a purchase, or throws listing each amount that cannot be stored exactly.</summary>
    /// <exception cref="CrmValidationException">A required value is null or an amount has more than four decimals.</exception>
    public static ScaledLine[] Scale(Purchase purchase, out long total)
    {
        var errors = new List<ValidationError>();
        if (purchase.Currency is null)
        {
            errors.Add(new ValidationError("currency", "the currency is null; give an ISO 4217 code such as 'EUR'.") { Rule = "required" });
        }

        var lines = purchase.Lines ?? [];
        var scaled = new ScaledLine[lines.Count];
        total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var path = $"lines[{i}]";
            if (line is null)
            {
                errors.Add(new ValidationError(path, "the line is null.") { Rule = "required" });
                continue;
            }

            if (line.Sku is null)
            {
                errors.Add(new ValidationError(path + ".sku", "the SKU is null.") { Rule = "required" });
            }

            if (line.ProductName is null)
            {
                errors.Add(new ValidationError(path + ".productName", "the product name is null.") { Rule = "required" });
            }

            var before = errors.Count;
            var quantity = ScaledDecimal.Scale(line.Quantity, path + ".quantity", errors);
            var unitPrice = ScaledDecimal.Scale(line.UnitPrice, path + ".unitPrice", errors);
            var discount = ScaledDecimal.Scale(line.Discount, path + ".discount", errors);
            long lineTotal = 0;
            if (errors.Count == before)
            {
                decimal exact;
                try
                {
                    exact = line.Total;
                }
                catch (OverflowException)
                {
                    errors.Add(new ValidationError(path + ".total", "quantity × unitPrice − discount overflows.") { Rule = "range" });
                    continue;
                }

                // Four decimals each can still give a product with eight: store only what stays exact.
                lineTotal = ScaledDecimal.Scale(exact, path + ".total", errors);
            }

            scaled[i] = new ScaledLine(quantity, unitPrice, discount, lineTotal);
            try
            {
                total = checked(total + lineTotal);
            }
            catch (OverflowException)
            {
                errors.Add(new ValidationError("total", $"the order total overflows at line {i.ToString(CultureInfo.InvariantCulture)}.") { Rule = "range" });
            }
        }

        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }

        return scaled;
    }

    public static void Bind(SqliteParameterCollection p, Purchase purchase, long version, long total)
    {
        p[0].Value = purchase.TenantId;
        p[1].Value = purchase.Id;
        p[2].Value = version;
        p[3].Value = purchase.CustomerId;
        p[4].Value = SqliteValues.OrNull(purchase.OrderNumber);
        p[5].Value = SqliteValues.ToTicks(purchase.PurchasedAt);
        p[6].Value = purchase.Currency;
        p[7].Value = SqliteValues.OrNull(purchase.Channel);
        p[8].Value = total;
        p[9].Value = SqliteValues.ToTicks(purchase.CreatedAt);
    }

    public static void BindLine(SqliteParameterCollection p, Purchase purchase, int index, in ScaledLine scaled)
    {
        var line = purchase.Lines[index];
        p[0].Value = purchase.TenantId;
        p[1].Value = purchase.Id;
        p[2].Value = index;
        p[3].Value = line.Sku;
        p[4].Value = line.ProductName;
        p[5].Value = SqliteValues.OrNull(line.Category);
        p[6].Value = scaled.Quantity;
        p[7].Value = scaled.UnitPrice;
        p[8].Value = scaled.Discount;
        p[9].Value = scaled.Total;
    }

    public static Purchase Read(SqliteDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        CustomerId = r.GetGuid(2),
        OrderNumber = r.GetStringOrNull(3),
        PurchasedAt = SqliteValues.FromTicks(r.GetInt64(4)),
        Currency = r.GetString(5),
        Channel = r.GetStringOrNull(6),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(7)),
    };

    /// <summary>Reads a row of <c>SELECT purchase_id, sku, product_name, category, quantity, unit_price, discount</c>.</summary>
    public static PurchaseLine ReadLine(SqliteDataReader r) =>
        new(r.GetString(1), r.GetString(2), ScaledDecimal.Unscale(r.GetInt64(4)), ScaledDecimal.Unscale(r.GetInt64(5)))
        {
            Category = r.GetStringOrNull(3),
            Discount = ScaledDecimal.Unscale(r.GetInt64(6)),
        };
}
