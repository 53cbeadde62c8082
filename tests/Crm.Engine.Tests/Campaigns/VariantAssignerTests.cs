using Crm.Engine.Campaigns;

namespace Crm.Engine.Tests.Campaigns;

public sealed class VariantAssignerTests
{
    [Fact]
    public void Split_IsWithinTolerance_OnAFixedSeed_AndStable()
    {
        var random = new Random(20260601);
        var campaignId = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        var variants = new[] { new CampaignVariant("A", 20), new CampaignVariant("B", 30), new CampaignVariant("C", 50) };
        var customers = Enumerable.Range(0, 20_000).Select(_ => NewGuid(random)).ToList();
        var counts = customers.GroupBy(c => VariantAssigner.Assign(variants, campaignId, c).Name).ToDictionary(g => g.Key, g => g.Count());

        // Expected 4000 / 6000 / 10000; the binomial SD is at most sqrt(20000 × 0.25) ≈ 71, so ±300 is over 4 SD.
        Assert.InRange(counts["A"], 3_700, 4_300);
        Assert.InRange(counts["B"], 5_700, 6_300);
        Assert.InRange(counts["C"], 9_700, 10_300);
        Assert.All(customers.Take(500), c => Assert.Equal(VariantAssigner.Assign(variants, campaignId, c), VariantAssigner.Assign(variants, campaignId, c)));
    }

    [Fact]
    public void Assignment_DependsOnTheCampaign()
    {
        var random = new Random(7);
        var customers = Enumerable.Range(0, 1_000).Select(_ => NewGuid(random)).ToList();
        var first = customers.Select(c => VariantAssigner.Bucket(NewGuid(new Random(1)), c)).ToList();
        var second = customers.Select(c => VariantAssigner.Bucket(NewGuid(new Random(2)), c)).ToList();
        Assert.True(first.Zip(second).Count(p => p.First == p.Second) < 100); // chance agreement is about 1 in 100
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
