namespace Crm.Engine.AspNetCore.Tests;

/// <summary>One web host for all endpoint tests; each test works in its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class SharedWebHost : ICollectionFixture<CrmWebHostFixture>
{
    public const string Name = "web host";
}
