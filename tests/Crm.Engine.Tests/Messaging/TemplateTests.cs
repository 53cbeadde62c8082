using Crm.Engine.Templates;

namespace Crm.Engine.Tests.Messaging;

public sealed class TemplateTests
{
    private static MessageTemplate Template(string text, string? html = null, string channel = MessageTemplate.DefaultVariant) => new()
    {
        Id = "t",
        Variants = new Dictionary<string, TemplateVariant> { [channel] = new(text) { Html = html } },
    };

    [Fact]
    public async Task Register_UnknownField_FailsWithVariantPathLineColumnAndSuggestion()
    {
        await using var host = await MessagingHost.CreateAsync();
        var error = Assert.Throws<CrmValidationException>(() => host.Crm.Templates.Register(Template("Hello\n  {{customer.firstNme}}", channel: "email")));
        var problem = Assert.Single(error.Errors);
        Assert.Equal("variants.email.text", problem.Path);
        Assert.Equal((2, 3), (problem.Line, problem.Column));
        Assert.Equal("unknownField", problem.Rule);
        Assert.Contains("Did you mean 'customer.firstName'?", problem.Message, StringComparison.Ordinal);
        Assert.Null(host.Crm.Templates.Find("t"));
    }

    [Theory]
    [InlineData("{{#if customer.company}}{{customer.company}}{{else}}{{customer.nickname}}{{/if}}", "customer.nickname")]
    [InlineData("{{upper (lower deal.stagee)}}", "deal.stagee")]
    [InlineData("{{#each customer.tags}}{{this}} {{@root.case.subjct}}{{/each}}", "case.subjct")]
    [InlineData("{{{customer.bio}}}", "customer.bio")]
    public async Task Validate_FindsUnknownFieldsInBranchesSubexpressionsAndRootPaths(string text, string field)
    {
        await using var host = await MessagingHost.CreateAsync();
        var problem = Assert.Single(host.Crm.Templates.Validate(Template(text)));
        Assert.Contains($"'{field}'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{#each customer.tags}}{{this}}{{name}}{{/each}}")]
    [InlineData("{{customer.attributes.plan}} {{data.anything.goes}} {{! a comment with {{customer.nope}} }}")]
    [InlineData("{{date data.when \"yyyy\"}} {{default customer.company \"n/a\"}} \\{{customer.literal}}")]
    public async Task Validate_AcceptsOpenPathsItemScopesCommentsAndEscapes(string text)
    {
        await using var host = await MessagingHost.CreateAsync();
        Assert.Empty(host.Crm.Templates.Validate(Template(text)));
    }

    [Fact]
    public async Task Validate_SyntaxError_IsReported()
    {
        await using var host = await MessagingHost.CreateAsync();
        var problem = Assert.Single(host.Crm.Templates.Validate(Template("{{#if customer.company}}unclosed")));
        Assert.Equal("syntax", problem.Rule);
    }

    [Fact]
    public async Task Render_HtmlIsEncodedTextIsNot_VariantFallsBackToDefault()
    {
        await using var host = await MessagingHost.CreateAsync();
        host.Crm.Templates.Register(Template("Hi {{customer.company}}", "<b>{{customer.company}}</b>"));
        var customer = new Customer { FirstName = "Ada", Company = "Smith & <Sons>" };
        var rendered = host.Crm.Templates.Render("t", "chat", new TemplateModel { Customer = customer });
        Assert.Equal("Hi Smith & <Sons>", rendered.Text);
        Assert.Equal("<b>Smith &amp; &lt;Sons&gt;</b>", rendered.Html);
        host.Crm.Templates.Register(Template("sms only", channel: "sms"));
        var missing = Assert.Throws<CrmNotFoundException>(() => host.Crm.Templates.Render("t", "email", new TemplateModel()));
        Assert.Contains("sms", missing.Message, StringComparison.Ordinal);
    }
}
