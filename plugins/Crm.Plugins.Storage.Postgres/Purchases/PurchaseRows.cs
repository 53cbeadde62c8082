using System.Globalization;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Purchases;

/// <summary>
/// Maps purchases to rows of <c>purchases</c> and <c>purchase_lines</c> and back. Amounts are numeric, so they are
/// stored exactly; line and order totals are computed once here so SQL can compare and sum them.
/// </summary>
internal static class PurchaseRows
{
    public const string SelectList =
        "p.id, p.version, p.customer_id, p.order_number, p.purchased_at, p.purchased_at_tick, p.currency, p.channel, p.created_at, p.created_at_tick";

    public const string DeleteLinesSql = "DELETE FROM purchase_lines WHERE tenant_id = @tenant AND purchase_id = @purchase;";

    public const string ReadLinesSql =
        "SELECT purchase_id, sku, product_name, category, quantity, unit_price, discount FROM purchase_lines " +
        "WHERE tenant_id = @tenant AND purchase_id = ANY(@ids) ORDER BY purchase_id, line_no;";

    public static PgTable<Purchase> Table { get; } = new(
        "purchases",
        [
            ("tenant_id", NpgsqlDbType.Text), ("id", NpgsqlDbType.Uuid), ("version", NpgsqlDbType.Bigint),
            ("customer_id", NpgsqlDbType.Uuid), ("order_number", NpgsqlDbType.Text),
            ("purchased_at", NpgsqlDbType.TimestampTz), ("purchased_at_tick", NpgsqlDbType.Smallint),
            ("currency", NpgsqlDbType.Text), ("channel", NpgsqlDbType.Text), ("total", NpgsqlDbType.Numeric),
            ("created_at", NpgsqlDbType.TimestampTz), ("created_at_tick", NpgsqlDbType.Smallint),
        ],
        Fill);

    public static PgTable<LineRow> LineTable { get; } = new(
        "purchase_lines",
        [
            ("tenant_id", NpgsqlDbType.Text), ("purchase_id", NpgsqlDbType.Uuid), ("line_no", NpgsqlDbType.Integer),
            ("sku", NpgsqlDbType.Text), ("product_name", NpgsqlDbType.Text), ("category", NpgsqlDbType.Text),
            ("quantity", NpgsqlDbType.Numeric), ("unit_price", NpgsqlDbType.Numeric), ("discount", NpgsqlDbType.Numeric),
            ("total", NpgsqlDbType.Numeric),
        ],
        FillLine);

    private static void Fill(object?[] row, Purchase p, long version, JsonColumns json)
    {
        var purchased = PgInstant.From(p.PurchasedAt);
        var created = PgInstant.From(p.CreatedAt);
        row[0] = p.TenantId;
        row[1] = p.Id;
        row[2] = version;
        row[3] = p.CustomerId;
        row[4] = p.OrderNumber;
        row[5] = purchased.Micros;
        row[6] = purchased.Remainder;
        row[7] = p.Currency;
        row[8] = p.Channel;
        row[9] = p.Lines.Sum(l => l.Total);
        row[10] = created.Micros;
        row[11] = created.Remainder;
    }

    private static void FillLine(object?[] row, LineRow line, long version, JsonColumns json)
    {
        var l = line.Purchase.Lines[line.Index];
        row[0] = line.Purchase.TenantId;
        row[1] = line.Purchase.Id;
        row[2] = line.Index;
        row[3] = l.Sku;
        row[4] = l.ProductName;
        row[5] = l.Category;
        row[6] = l.Quantity;
        row[7] = l.UnitPrice;
        row[8] = l.Discount;
        row[9] = l.Total;
    }

    /// <summary>Throws listing every value that cannot be stored: nulls where a value is required, totals that overflow.</summary>
    /// <exception cref="CrmValidationException">A required value is null or a total overflows.</exception>
    public static void Validate(Purchase purchase)
    {
        var errors = new List<ValidationError>();
        if (purchase.Currency is null)
        {
            errors.Add(new ValidationError("currency", "the currency is null; give an ISO 4217 code such as 'EUR'.") { Rule = "required" });
        }

        var lines = purchase.Lines ?? [];
        if (purchase.Lines is null)
        {
            errors.Add(new ValidationError("lines", "the lines are null; use an empty list for none.") { Rule = "required" });
        }

        decimal total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var path = $"lines[{i.ToString(CultureInfo.InvariantCulture)}]";
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

            try
            {
                total += line.Total;
            }
            catch (OverflowException)
            {
                errors.Add(new ValidationError(path + ".total", "quantity × unitPrice − discount, or the order total, overflows.") { Rule = "range" });
            }
        }

        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
    }

    public static Purchase Read(NpgsqlDataReader r, string tenantId) => new()
    {
        Id = r.GetGuid(0),
        TenantId = tenantId,
        Version = r.GetInt64(1),
        CustomerId = r.GetGuid(2),
        OrderNumber = r.GetStringOrNull(3),
        PurchasedAt = r.GetInstant(4, 5),
        Currency = r.GetString(6),
        Channel = r.GetStringOrNull(7),
        CreatedAt = r.GetInstant(8, 9),
    };

    /// <summary>Reads a row of <see cref="ReadLinesSql"/>.</summary>
    public static PurchaseLine ReadLine(NpgsqlDataReader r) =>
        new(r.GetString(1), r.GetString(2), r.GetDecimal(4), r.GetDecimal(5))
        {
            Category = r.GetStringOrNull(3),
            Discount = r.GetDecimal(6),
        };

    /// <summary>Names one line of a purchase, the record a <c>purchase_lines</c> row is made from.</summary>
    internal readonly record struct LineRow(Purchase Purchase, int Index);
}
