using System.Text;
using Crm.Engine.Campaigns;

namespace Crm.Engine.Tests.Campaigns;

public sealed class TrackingTokenTests
{
    private static readonly TrackingToken Tokens = new(Encoding.UTF8.GetBytes("an-example-secret-of-32-characters!!"));
    private static readonly TrackingClaims Claims = new(CampaignTrackingKind.Click, "tenant-a", Guid.NewGuid(), Guid.NewGuid(), "B");

    [Fact]
    public void RoundTrips()
    {
        var (claims, error) = Tokens.Verify(Tokens.Create(Claims));
        Assert.Null(error);
        Assert.Equal(Claims, claims);
    }

    [Fact]
    public void TamperedTokens_AreRejected()
    {
        var token = Tokens.Create(Claims);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var tampered = new List<string>
        {
            Flip(token, 3),                 // payload changed
            Flip(token, dot + 2),           // tag changed
            token[..dot],                   // no tag
            token[..^2],                    // tag truncated
            token + "A",                    // tag extended
            new TrackingToken(Encoding.UTF8.GetBytes("another-secret-of-at-least-32-chars!!")).Create(Claims), // another key
            Tokens.Create(Claims with { Kind = CampaignTrackingKind.Open })[..dot] + token[dot..], // payload of another token
            "",
            "not a token",
        };
        Assert.All(tampered, t => Assert.Null(Tokens.Verify(t).Claims));
    }

    private static string Flip(string token, int index)
    {
        var chars = token.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
