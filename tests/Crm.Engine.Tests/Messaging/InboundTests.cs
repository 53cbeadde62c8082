using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Messaging;
using Crm.Engine.Storage;
using Crm.Engine.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Messaging;

public sealed class InboundTests
{
    private static InboundMessage Email(string from, string id, string body = "Hello", string? inReplyTo = null, string? name = null) => new()
    {
        Channel = InteractionChannels.Email,
        ExternalId = id,
        SenderAddress = from,
        SenderName = name,
        Subject = "Question",
        TextBody = body,
        InReplyTo = inReplyTo,
        ReceivedAt = TestEngine.Start,
    };

    [Fact]
    public async Task Receive_KnownSender_RecordsInboundInteractionAndRaisesEvent()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync(email: "ada@example.com");
        var recorded = new List<InteractionRecorded>();
        using var subscription = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<InteractionRecorded>((e, _) => { recorded.Add(e); return Task.CompletedTask; });

        var result = await host.Crm.Messages.ReceiveAsync(Email("ADA@example.com", "<m1@mail>"));

        Assert.False(result.CreatedLead);
        Assert.False(result.Duplicate);
        Assert.Equal(ada.Id, result.CustomerId);
        Assert.Equal(InteractionDirection.Inbound, result.Interaction.Direction);
        Assert.Equal("<m1@mail>", result.Interaction.ExternalId);
        Assert.Equal(result.Interaction.Id, Assert.Single(recorded).Interaction.Id);
    }

    [Fact]
    public async Task Receive_UnknownSender_BecomesLead_AndRedeliveryIsADuplicate()
    {
        await using var host = await MessagingHost.CreateAsync();
        var first = await host.Crm.Messages.ReceiveAsync(Email("grace@example.com", "<m2@mail>", name: "Grace Hopper"));
        var again = await host.Crm.Messages.ReceiveAsync(Email("grace@example.com", "<m2@mail>", name: "Grace Hopper"));

        Assert.True(first.CreatedLead);
        var lead = (await host.Crm.Customers.GetAsync(first.CustomerId))!;
        Assert.Equal(LifecycleStage.Lead, lead.LifecycleStage);
        Assert.Equal(("Grace", "Hopper"), (lead.FirstName, lead.LastName));
        Assert.Equal("email", lead.Attributes["leadSource"].ToString());
        Assert.True(again.Duplicate);
        Assert.Equal(first.Interaction.Id, again.Interaction.Id);
        Assert.Single((await host.Crm.Interactions.GetTimelineAsync(first.CustomerId)).Items);
        Assert.Equal(1, await host.Crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task Receive_SocialHandle_CreatesLeadOnceThenMatchesIt()
    {
        await using var host = await MessagingHost.CreateAsync();
        InboundMessage Mention(string id) => new() { Channel = InteractionChannels.Social, ExternalId = id, SenderAddress = "@ana@social.example", TextBody = "hi", ReceivedAt = TestEngine.Start };
        var first = await host.Crm.Messages.ReceiveAsync(Mention("1"));
        var second = await host.Crm.Messages.ReceiveAsync(Mention("2"));
        Assert.True(first.CreatedLead);
        Assert.False(second.CreatedLead);
        Assert.Equal(first.CustomerId, second.CustomerId);
        Assert.Equal("@ana@social.example", (await host.Crm.Customers.GetAsync(first.CustomerId))!.Attributes["socialHandle"].ToString());
    }

    [Fact]
    public async Task Receive_Reply_IsLinkedToTheMessageItAnswers()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync(email: "ada@example.com");
        var dealId = Guid.NewGuid();
        var sent = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "Your quote", DealId = dealId });
        await host.DeliverDueAsync();
        var delivered = await host.MessageAsync(sent.Id);

        var reply = await host.Crm.Messages.ReceiveAsync(Email("ada@example.com", "<reply@mail>", "Looks good", inReplyTo: delivered.ProviderMessageId));

        Assert.Equal(delivered.InteractionId, reply.RepliesTo);
        Assert.Equal(dealId, reply.Interaction.DealId);
        Assert.Equal(delivered.InteractionId.ToString(), reply.Interaction.Metadata["repliesToInteractionId"]);
    }

    [Fact]
    public async Task Receive_Malformed_NamesEveryMissingFieldAndWritesNothing()
    {
        await using var host = await MessagingHost.CreateAsync();
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Messages.ReceiveAsync(new InboundMessage
        {
            Channel = "",
            ExternalId = new string('x', 201),
            SenderAddress = " ",
            TextBody = null!,
            ReceivedAt = default,
        }));
        Assert.Equal(["channel", "externalId", "senderAddress", "textBody", "receivedAt"], error.Errors.Select(e => e.Path));
        Assert.Equal(0, await host.Crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task AutoReply_MatchingInquiry_IsAnsweredOnceWithinTheCooldown()
    {
        var hours = new MessageTemplate
        {
            Id = "opening-hours",
            Variants = new Dictionary<string, TemplateVariant> { ["email"] = new("We are open 9-17. (Re: {{data.subject}})") { Subject = "Re: {{data.subject}}" } },
        };
        await using var host = await MessagingHost.CreateAsync(o =>
        {
            o.Templates.Add(hours);
            o.AutoReplies.Add(new AutoReplyRule { Name = "hours", Condition = """{ "field": "body", "op": "contains", "value": "opening hours" }""", TemplateId = "opening-hours" });
        });
        var ada = await host.CustomerAsync(email: "ada@example.com");

        var asked = await host.Crm.Messages.ReceiveAsync(Email("ada@example.com", "<q1@mail>", "What are your opening hours?"));
        var again = await host.Crm.Messages.ReceiveAsync(Email("ada@example.com", "<q2@mail>", "opening hours again?"));
        var other = await host.Crm.Messages.ReceiveAsync(Email("ada@example.com", "<q3@mail>", "Invoice question"));
        await host.DeliverDueAsync();

        var replyId = Assert.Single(asked.AutoReplies);
        Assert.Empty(again.AutoReplies);
        Assert.Empty(other.AutoReplies);
        var reply = Assert.Single(host.Adapter.Calls);
        Assert.Equal("Re: Question", reply.Subject);
        Assert.Equal("We are open 9-17. (Re: Question)", reply.TextBody);
        Assert.Equal("<q1@mail>", reply.Headers["In-Reply-To"]);
        Assert.Equal(ada.Id, (await host.MessageAsync(replyId)).CustomerId);
    }

    [Fact]
    public async Task AutoReply_BadRule_FailsEngineStartNamingThePath()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => MessagingHost.CreateAsync(o =>
            o.AutoReplies.Add(new AutoReplyRule { Name = "bad", Condition = """{ "field": "bodyy", "op": "contains", "value": "x" }""", TemplateId = "missing" })));
        Assert.Contains(error.Errors, e => e.Path == "AutoReplies[0].TemplateId");
        Assert.Contains(error.Errors, e => e.Message.Contains("Did you mean 'body'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_AcceptedMessagesAreRecorded_RejectedRecordNothing_UnknownSourceIsNotFound()
    {
        await using var host = await MessagingHost.CreateAsync(builder: b => b.AddInboundWebhookHandler<TestWebhookHandler>());
        var request = (string body, string signature) => new InboundWebhookRequest
        {
            TenantId = host.Crm.Caller.TenantId,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Signature"] = signature },
            Body = System.Text.Encoding.UTF8.GetBytes(body),
            ReceivedAt = TestEngine.Start,
        };

        var accepted = await host.Crm.Messages.HandleWebhookAsync("chat", request("hello there", "good"));
        var rejected = await host.Crm.Messages.HandleWebhookAsync("chat", request("forged", "bad"));

        Assert.True(accepted.Result.IsAccepted);
        Assert.True(Assert.Single(accepted.Received).CreatedLead);
        Assert.Equal(InboundRejectionKind.InvalidSignature, rejected.Result.Rejection);
        Assert.Empty(rejected.Received);
        Assert.Equal(1, await host.Crm.Customers.CountAsync(null));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Crm.Messages.HandleWebhookAsync("nope", request("x", "good")));
        await Assert.ThrowsAsync<CrmTenantMismatchException>(() => host.Crm.Messages.HandleWebhookAsync("chat", request("x", "good") with { TenantId = "other" }));
    }

    private sealed class TestWebhookHandler : IInboundWebhookHandler
    {
        public string Channel => InteractionChannels.Chat;

        public ValueTask<InboundWebhookResult> HandleAsync(InboundWebhookRequest request, CancellationToken cancellationToken)
        {
            if (request.Headers["X-Signature"] != "good")
            {
                return ValueTask.FromResult(InboundWebhookResult.Rejected(InboundRejectionKind.InvalidSignature, "signature mismatch"));
            }

            var text = System.Text.Encoding.UTF8.GetString(request.Body.Span);
            return ValueTask.FromResult(InboundWebhookResult.Accepted([new InboundMessage
            {
                Channel = Channel, ExternalId = "c-" + text.GetHashCode(StringComparison.Ordinal), SenderAddress = "U123", TextBody = text, ReceivedAt = request.ReceivedAt,
            }]));
        }
    }
}
