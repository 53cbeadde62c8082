using System.Text;

namespace Crm.Plugins.Channels.Social.Tests.Hostile;

/// <summary>Found by the 10k-case notification fuzzing: an empty account handle became the sender "@@home.example".</summary>
public sealed class AccountHandleRegressionTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("../x")]
    [InlineData("ana@")]
    public void Parse_MentionFromAnInvalidHandle_IsSkippedNamingTheField(string acct)
    {
        var page = $$"""
            [ { "id": "30", "type": "mention", "created_at": "2024-04-05T12:00:00.000Z", "account": { "acct": "{{acct}}" },
                "status": { "id": "112233", "created_at": "2024-04-05T12:00:00.000Z", "content": "<p>hi</p>" } } ]
            """;

        var entry = Assert.Single(NotificationParser.Parse(Encoding.UTF8.GetBytes(page), "home.example").Entries);

        Assert.Null(entry.Message);
        Assert.Equal("'$[0].account.acct' is not an account handle such as 'ana' or 'ana@remote.example'.", entry.Skipped);
    }
}
