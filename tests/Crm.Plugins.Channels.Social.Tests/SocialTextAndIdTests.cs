using System.Net;
using Crm.Engine.Testing.Time;

namespace Crm.Plugins.Channels.Social.Tests;

public sealed class SocialTextAndIdTests
{
    [Theory]
    [InlineData("<p>Hello</p>", "Hello")]
    [InlineData("<p>one</p><p>two</p>", "one\n\ntwo")]
    [InlineData("a<br>b<br/>c<BR />d", "a\nb\nc\nd")]
    [InlineData("&lt;b&gt;not bold&lt;/b&gt; &amp; &#128075; &eacute;", "<b>not bold</b> & 👋 é")]
    [InlineData("<a href=\"https://x.example/very/long\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">x.example/very</span><span class=\"invisible\">/long</span></a>", "https://x.example/very/long")]
    [InlineData("before<script>alert(1)</script>after", "beforeafter")]
    [InlineData("1 < 2 and 3 > 2", "1 < 2 and 3 > 2")]
    [InlineData("unclosed <span", "unclosed <span")]
    [InlineData("", "")]
    public void HtmlText_IsPlain(string html, string text) => Assert.Equal(text, HtmlText.ToPlainText(html));

    [Fact]
    public void LinkHeader_FindsEachRelation()
    {
        const string header = "<https://m.example/api/v1/notifications?max_id=7>; rel=\"next\", <https://m.example/api/v1/notifications?min_id=9>; rel=\"prev\"";

        Assert.Equal("https://m.example/api/v1/notifications?max_id=7", LinkHeader.Find(header, "next")!.AbsoluteUri);
        Assert.Equal("https://m.example/api/v1/notifications?min_id=9", LinkHeader.Find(header, "prev")!.AbsoluteUri);
        Assert.Null(LinkHeader.Find(header, "last"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<https://m.example/x; rel=\"prev\"")]
    [InlineData("<not a url>; rel=\"prev\"")]
    public void LinkHeader_Unreadable_GivesNothing(string? header) => Assert.Null(LinkHeader.Find(header, "prev"));

    [Fact]
    public void LinkHeader_UnquotedAndMultipleRelations_AreRead() =>
        Assert.NotNull(LinkHeader.Find("<https://m.example/a>; title=x; rel=prev", "prev"));

    [Theory]
    [InlineData("9", "10", -1)]
    [InlineData("110000000000000002", "110000000000000010", -1)]
    [InlineData("5", "5", 0)]
    [InlineData("AbC", "AbD", -1)]
    public void NotificationIds_Order(string left, string right, int sign) => Assert.Equal(sign, Math.Sign(NotificationIds.Compare(left, right)));

    [Fact]
    public void RateLimitReset_AsUnixSeconds_IsUnderstood()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new RateLimitGate(time);
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("X-RateLimit-Remaining", "0");
        response.Headers.Add("X-RateLimit-Reset", time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        gate.Observe(response.StatusCode, response.Headers);

        Assert.True(gate.IsClosed(out var until));
        Assert.Equal(time.GetUtcNow().AddSeconds(30), until);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(gate.IsClosed(out _));
    }

    [Fact]
    public void RateLimit_RemainingZeroWithAResetInThePast_DoesNotClose()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new RateLimitGate(time);
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("X-RateLimit-Remaining", "0");
        response.Headers.Add("X-RateLimit-Reset", "2029-12-31T23:59:00.000Z");

        gate.Observe(response.StatusCode, response.Headers);

        Assert.False(gate.IsClosed(out _));
    }

    [Fact]
    public void RateLimit_AnswerWithBudgetLeft_ReopensTheGate()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new RateLimitGate(time);
        using var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var fine = new HttpResponseMessage(HttpStatusCode.OK);
        fine.Headers.Add("X-RateLimit-Remaining", "12");

        gate.Observe(limited.StatusCode, limited.Headers);
        Assert.True(gate.IsClosed(out var until));
        Assert.Equal(time.GetUtcNow() + RateLimitGate.DefaultBackoff, until);
        gate.Observe(fine.StatusCode, fine.Headers);

        Assert.False(gate.IsClosed(out _));
    }
}
