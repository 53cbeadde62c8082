using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

public sealed class KnowledgeTests
{
    [Fact]
    public async Task Search_RanksTitleMatchesAndRareTermsFirst()
    {
        await using var host = await SupportHost.CreateAsync();
        var ids = await SeedAsync(host.Crm.Knowledge);

        var refunds = await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "refund" });
        var password = await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "forgot password" });
        var tagged = await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "refund", Tag = "delivery" });

        // "refund" is in the refund article's title and body, and only in the body of the late-parcel article.
        Assert.Equal([ids["refund"], ids["late"]], refunds.Select(h => h.Article.Id));
        Assert.Equal(ids["password"], password[0].Article.Id);
        Assert.Equal([ids["late"]], tagged.Select(h => h.Article.Id));
        Assert.DoesNotContain(refunds, h => h.Article.Id == ids["draft"]);
    }

    [Fact]
    public async Task Suggest_ForAnInboundMessage_UsesSubjectAndBody()
    {
        await using var host = await SupportHost.CreateAsync();
        var ids = await SeedAsync(host.Crm.Knowledge);
        var customer = await host.CustomerAsync();
        var message = await host.InboundAsync(customer.Id, "Cannot log in", body: "Hi, I forgot my password and the reset email never came. Thanks!");

        var suggestions = await host.Crm.Knowledge.SuggestAsync(message, limit: 2);

        Assert.Equal(ids["password"], suggestions[0].Article.Id);
        Assert.True(suggestions.Count <= 2);
    }

    [Fact]
    public async Task Save_UpdateAndDelete_KeepSearchInStep()
    {
        await using var host = await SupportHost.CreateAsync();
        var article = await host.Crm.Knowledge.SaveAsync(new KnowledgeArticle { Title = "Gift cards", Body = "Gift cards never expire.", Tags = ["billing", " billing ", ""] });
        Assert.Equal(["billing"], article.Tags);

        var updated = await host.Crm.Knowledge.SaveAsync(article with { Title = "Vouchers", Body = "Vouchers never expire." });
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => host.Crm.Knowledge.SaveAsync(article with { Title = "stale" }));

        Assert.Equal(2, updated.Version);
        Assert.Empty(await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "gift" }));
        Assert.Single(await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "vouchers" }));
        Assert.True(await host.Crm.Knowledge.DeleteAsync(article.Id));
        Assert.Empty(await host.Crm.Knowledge.SearchAsync(new KnowledgeSearch { Text = "vouchers" }));
        Assert.Equal(2, host.EventsOf<KnowledgeArticleSaved>().Count);
        Assert.Single(host.EventsOf<KnowledgeArticleDeleted>());
    }

    [Fact]
    public async Task Save_Invalid_ListsEveryProblem()
    {
        await using var host = await SupportHost.CreateAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Knowledge.SaveAsync(new KnowledgeArticle { Title = "", Body = " " }));

        Assert.Equal(["body", "title"], error.Errors.Select(e => e.Path).Order());
    }

    private static async Task<Dictionary<string, Guid>> SeedAsync(IKnowledgeBase kb)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["refund"] = (await kb.SaveAsync(new KnowledgeArticle { Title = "How to get a refund", Body = "Ask for a refund within 30 days; the money goes back to your card.", Tags = ["billing"] })).Id,
            ["late"] = (await kb.SaveAsync(new KnowledgeArticle { Title = "My parcel is late", Body = "Parcels take up to five days. After ten days we send a new one or a refund.", Tags = ["delivery"] })).Id,
            ["password"] = (await kb.SaveAsync(new KnowledgeArticle { Title = "Reset a forgotten password", Body = "Use the reset link on the login page; the password reset email arrives within minutes.", Tags = ["account"] })).Id,
            ["address"] = (await kb.SaveAsync(new KnowledgeArticle { Title = "Change your delivery address", Body = "Addresses can change until the parcel ships.", Tags = ["delivery", "account"] })).Id,
            ["draft"] = (await kb.SaveAsync(new KnowledgeArticle { Title = "Refund rules (draft)", Body = "Refund refund refund.", Published = false })).Id,
        };
        return ids;
    }
}
