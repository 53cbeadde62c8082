namespace Crm.Engine.Testing.Storage;

/// <summary>Builds the records the conformance tests store: valid, deterministic and easy to tell apart.</summary>
internal static class ConformanceData
{
    public static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public static Customer Customer(string tenantId, int n, DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        FirstName = $"First{n}",
        LastName = $"Last{n}",
        Emails = [$"customer{n}@example.com"],
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>Creates a customer that uses every field, with a non-UTC offset on the timestamps.</summary>
    public static Customer FullCustomer(string tenantId)
    {
        var offset = TimeSpan.FromHours(2);
        return new Customer
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            ExternalId = "erp-4711",
            FirstName = "Zoë",
            LastName = "O'Brien \"Łukasz\"",
            Company = "Analytical Engines Ltd",
            Emails = ["zoe@example.com", "z.obrien@work.example"],
            Phones = ["+44 20 7946 0000", "+44 7700 900123"],
            Demographics = new Demographics
            {
                BirthDate = new DateOnly(1985, 2, 28),
                Gender = "female",
                City = "London",
                Region = "Greater London",
                Country = "GB",
                PostalCode = "SW1A 1AA",
                IncomeBand = "75-100k",
            },
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["plan"] = "gold",
                ["score"] = 42.125m,
                ["credit"] = -0.5m,
                ["vip"] = true,
                ["optedOut"] = false,
                ["since"] = new DateOnly(2019, 7, 1),
                ["empty"] = "",
            },
            Tags = ["vip", "newsletter", "Ünïcödé"],
            LifecycleStage = LifecycleStage.Evangelist,
            OwnerId = "user-7",
            CreatedAt = new DateTimeOffset(2025, 6, 1, 10, 30, 15, offset).AddTicks(1234567),
            UpdatedAt = new DateTimeOffset(2025, 6, 2, 8, 0, 0, offset),
        };
    }

    public static Interaction Interaction(string tenantId, Guid customerId, DateTimeOffset occurredAt, string channel = InteractionChannels.Email,
        InteractionDirection direction = InteractionDirection.Inbound) => new()
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            CustomerId = customerId,
            Channel = channel,
            Direction = direction,
            OccurredAt = occurredAt,
            Subject = "Hello",
            CreatedAt = occurredAt,
        };

    public static Purchase Purchase(string tenantId, Guid customerId, DateTimeOffset purchasedAt, params PurchaseLine[] lines) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        CustomerId = customerId,
        OrderNumber = "SO-" + purchasedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PurchasedAt = purchasedAt,
        Currency = "EUR",
        Channel = "web",
        Lines = lines.Length > 0 ? lines : [new PurchaseLine("SKU-1", "Widget", 2, 9.99m)],
        CreatedAt = purchasedAt,
    };
}
