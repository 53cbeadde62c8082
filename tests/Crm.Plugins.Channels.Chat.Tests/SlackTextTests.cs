namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a < b > c & d", "a &lt; b &gt; c &amp; d")]
    [InlineData("&amp;", "&amp;amp;")]
    public void Escape_EscapesTheReservedCharacters(string text, string escaped) => Assert.Equal(escaped, SlackText.Escape(text));

    [Theory]
    [InlineData("<@U123>", "@U123")]
    [InlineData("<@U123|ana>", "@ana")]
    [InlineData("<#C123|general>", "#general")]
    [InlineData("<#C123>", "#C123")]
    [InlineData("<!channel>", "@channel")]
    [InlineData("<!subteam^S1|@support>", "@support")]
    [InlineData("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014")]
    [InlineData("<https://x.example>", "https://x.example")]
    [InlineData("<https://x.example|https://x.example>", "https://x.example")]
    [InlineData("<mailto:a@b.example|write us>", "write us (mailto:a@b.example)")]
    [InlineData("1 &lt; 2 &amp;&amp; 3 &gt; 2 &copy;", "1 < 2 && 3 > 2 &copy;")]
    [InlineData("unclosed <@U1", "unclosed <@U1")]
    [InlineData("<>", "")]
    public void ToPlainText_ReadsMarkup(string text, string plain) => Assert.Equal(plain, SlackText.ToPlainText(text));

    [Theory]
    [InlineData("Order <42> & co")]
    [InlineData("<<>>&&;")]
    public void EscapeThenRead_RoundTrips(string text) => Assert.Equal(text, SlackText.ToPlainText(SlackText.Escape(text)));
}
