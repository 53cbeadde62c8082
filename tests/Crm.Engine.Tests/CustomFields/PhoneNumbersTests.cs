namespace Crm.Engine.Tests.CustomFields;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("+49 30 123456", null, "+4930123456")]
    [InlineData("0049 (30) 123-456", null, "+4930123456")]
    [InlineData("030 123456", "DE", "+4930123456")]
    [InlineData("+44 (0)20 7946 0958", null, "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    [InlineData("1 415 555 2671", "US", "+14155552671")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("02 1234 5678", "IT", "+390212345678")]
    [InlineData("030 123456", null, "030123456")]
    public void Normalize_Cases_GiveE164(string input, string? region, string expected)
    {
        var normalized = PhoneNumbers.Normalize(input, region);

        Assert.Equal(expected, normalized);
        Assert.True(PhoneNumbers.IsValid(normalized));
    }

    [Theory]
    [InlineData("+0123456789")]
    [InlineData("+49 12")]
    [InlineData("+1234567890123456")]
    [InlineData("12ab")]
    public void IsValid_BadNumbers_False(string input) => Assert.False(PhoneNumbers.IsValid(PhoneNumbers.Normalize(input, "DE")));

    [Fact]
    public async Task CreateAsync_DefaultRegion_StoresE164()
    {
        await using var engine = await TestEngine.CreateAsync(options: o => o.DefaultPhoneRegion = "DE");
        var crm = engine.Tenant();

        var stored = await crm.Customers.CreateAsync(new Customer { LastName = "Meier", Phones = ["0151 1234 5678", "+49 151 12345678"] });

        Assert.Equal(["+4915112345678"], stored.Phones);
    }
}
