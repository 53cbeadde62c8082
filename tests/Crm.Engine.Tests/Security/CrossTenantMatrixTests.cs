using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Conditions;
using Crm.Engine.Security;
using Crm.Engine.Analytics;
using Crm.Engine.Campaigns;
using Crm.Engine.Feedback;
using Crm.Engine.Loyalty;
using Crm.Engine.Sales;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Engine.Workflows;
using Crm.Plugins.Loyalty.Points;

namespace Crm.Engine.Tests.Security;

/// <summary>
/// An admin of tenant "beta" aims every service's read and write methods at tenant "alpha"'s records (by id, email,
/// segment name, job key): reads find nothing, writes fail or land in beta, and alpha's data is unchanged afterwards.
/// </summary>
public sealed class CrossTenantMatrixTests(CrossTenantMatrixTests.Fixture fixture) : IClassFixture<CrossTenantMatrixTests.Fixture>
{
    public static TheoryData<string> Reads => [.. ReadOperations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Reads whose result depends on tenant data, so alpha's own read differs from an empty tenant's.</summary>
    public static TheoryData<string> ControlledReads => [.. ReadOperations.Keys.Where(k => !BlindReads.ContainsKey(k)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Writes => [.. WriteOperations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Each read returns what it found in the other tenant, which must be nothing (null, empty, 0, false).</summary>
    private static readonly Dictionary<string, Func<ICrmContext, Seed, Task<object?>>> ReadOperations = new(StringComparer.Ordinal)
    {
        ["customers.get"] = async (c, s) => await c.Customers.GetAsync(s.Customer.Id),
        ["customers.findByEmail"] = async (c, s) => await c.Customers.FindByEmailAsync(s.Customer.PrimaryEmail!),
        ["customers.search"] = async (c, s) => (await c.Customers.SearchAsync((Condition?)null)).Items,
        ["customers.count"] = async (c, s) => await c.Customers.CountAsync(null),
        ["interactions.getTimeline"] = async (c, s) => (await c.Interactions.GetTimelineAsync(s.Customer.Id)).Items,
        ["purchases.list"] = async (c, s) => (await c.Purchases.ListAsync(s.Customer.Id)).Items,
        ["customFields.list"] = async (c, s) => await c.CustomFields.ListAsync(),
        ["duplicates.findDuplicates"] = async (c, s) => await c.Duplicates.FindDuplicatesAsync(),
        ["duplicates.getMergeHistory"] = async (c, s) => await c.Duplicates.GetMergeHistoryAsync(s.Customer.Id),
        ["segments.get"] = async (c, s) => await c.Segments.GetAsync(Seed.SegmentName),
        ["segments.list"] = async (c, s) => await c.Segments.ListAsync(),
        ["segments.countCondition"] = async (c, s) => await c.Segments.CountAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds"))),
        ["segments.getMembersCondition"] = async (c, s) => (await c.Segments.GetMembersAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds")))).Items,
        ["segments.getMembersByName"] = async (c, s) => await NotFoundAsNull(() => c.Segments.GetMembersAsync(Seed.SegmentName)),
        ["segments.evaluateCondition"] = async (c, s) => (await c.Segments.EvaluateAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds")))).Members.Items,
        ["segments.evaluateByName"] = async (c, s) => await NotFoundAsNull(async () => (await c.Segments.EvaluateAsync(Seed.SegmentName)).Members),
        ["segments.getRfm"] = async (c, s) => await c.Segments.GetRfmAsync(s.Customer.Id),
        ["privacy.getConsentHistory"] = async (c, s) => await c.Privacy.GetConsentHistoryAsync(s.Customer.Id),
        ["privacy.hasConsent"] = async (c, s) => await c.Privacy.HasConsentAsync(s.Customer.Id, InteractionChannels.Email, "marketing") ? true : null,
        ["privacy.export"] = async (c, s) => await NotFoundAsNull(async () => { await c.Privacy.ExportAsync(s.Customer.Id, Stream.Null); return "exported"; }),
        ["privacy.getErasureLog"] = async (c, s) => await c.Privacy.GetErasureLogAsync(),
        ["csv.exportCustomers"] = async (c, s) => await c.Csv.ExportCustomersAsync(TextWriter.Null),
        ["messages.get"] = async (c, s) => await c.Messages.GetAsync(s.Message.Id),
        ["messages.list"] = async (c, s) => (await c.Messages.ListAsync(new OutboxQuery())).Items,
        ["messages.getAttempts"] = async (c, s) => await c.Messages.GetAttemptsAsync(s.Message.Id),
        ["scheduler.find"] = async (c, s) => await c.Scheduler.FindAsync(Seed.JobKey),
        ["scheduler.list"] = async (c, s) => (await c.Scheduler.ListAsync(new ScheduledJobQuery())).Items,
        ["deals.getPipeline"] = async (c, s) => await c.Deals.GetPipelineAsync(s.Sales.Pipeline.Id),
        ["deals.get"] = async (c, s) => await c.Deals.GetAsync(s.Sales.Deal.Id),
        ["deals.list"] = async (c, s) => (await c.Deals.ListAsync(new DealQuery())).Items,
        ["deals.listByCustomer"] = async (c, s) => (await c.Deals.ListAsync(new DealQuery { CustomerId = s.Customer.Id, PipelineId = s.Sales.Pipeline.Id })).Items,
        ["deals.getStageHistory"] = async (c, s) => await c.Deals.GetStageHistoryAsync(s.Sales.Deal.Id),
        ["deals.forecast"] = async (c, s) => await c.Deals.ForecastAsync(new ForecastQuery(s.Sales.Pipeline.Id, "EUR", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1))),
        ["deals.getMetrics"] = async (c, s) => await c.Deals.GetMetricsAsync(new SalesMetricsQuery(s.Sales.Pipeline.Id, "EUR", TestEngine.Start.AddYears(-1), TestEngine.Start.AddYears(1))),
        ["leads.get"] = async (c, s) => await c.Leads.GetAsync(s.Sales.Lead.Id),
        ["leads.getCurrentScore"] = async (c, s) => await c.Leads.GetCurrentScoreAsync(s.Sales.Lead.Id),
        ["leads.list"] = async (c, s) => (await c.Leads.ListAsync()).Items,
        ["quotes.get"] = async (c, s) => await c.Quotes.GetAsync(s.Sales.OpenQuote.Id),
        ["quotes.getOrder"] = async (c, s) => await c.Quotes.GetOrderAsync(s.Sales.Order.Id),
        ["cases.get"] = async (c, s) => await c.Cases.GetAsync(s.Support.Case.Id),
        ["cases.list"] = async (c, s) => (await c.Cases.ListAsync(new CaseQuery())).Items,
        ["cases.listByCustomer"] = async (c, s) => (await c.Cases.ListAsync(new CaseQuery { CustomerId = s.Customer.Id })).Items,
        ["knowledge.get"] = async (c, s) => await c.Knowledge.GetAsync(s.Support.Article.Id),
        ["knowledge.search"] = async (c, s) => await c.Knowledge.SearchAsync(new KnowledgeSearch { Text = "refunds" }),
        ["knowledge.suggest"] = async (c, s) => await c.Knowledge.SuggestAsync(new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "refunds", Body = "How do refunds work?" }),
        ["alerts.list"] = async (c, s) => (await c.Alerts.ListAsync(new AlertQuery())).Items,
        ["customer360.get"] = async (c, s) => await c.Customer360.GetAsync(new Customer360Request { CustomerId = s.Customer.Id }),
        ["audit.forRecord"] = async (c, s) => (await c.Audit.ForRecordAsync(nameof(Customer), s.Customer.Id.ToString())).Items,
        ["audit.forActor"] = async (c, s) => (await c.Audit.ForActorAsync(CrmCaller.SystemUserId)).Items,
        ["campaigns.get"] = async (c, s) => await c.Campaigns.GetAsync(s.Marketing.Campaign.Id),
        ["campaigns.list"] = async (c, s) => (await c.Campaigns.ListAsync()).Items,
        ["campaigns.previewAudience"] = async (c, s) => await c.Campaigns.PreviewAudienceAsync(s.Marketing.Campaign.Id),
        ["campaigns.getEffectiveness"] = async (c, s) => await c.Campaigns.GetEffectivenessAsync(s.Marketing.Campaign.Id),
        ["campaigns.listSuppressions"] = async (c, s) => (await c.Campaigns.ListSuppressionsAsync()).Items,
        ["campaigns.getSendProgress"] = async (c, s) => await c.Campaigns.GetSendProgressAsync(s.Marketing.Campaign.Id),
        ["recommendations.listRules"] = async (c, s) => await c.Recommendations.ListRulesAsync(),
        ["recommendations.recommend"] = async (c, s) => await c.Recommendations.RecommendAsync(s.Customer.Id),
        ["feedback.getSurvey"] = async (c, s) => await c.Feedback.GetSurveyAsync(s.Marketing.Survey.Id),
        ["feedback.listResponses"] = async (c, s) => (await c.Feedback.ListResponsesAsync(s.Customer.Id)).Items,
        ["feedback.getScores"] = async (c, s) => await c.Feedback.GetScoresAsync(new FeedbackQuery { From = TestEngine.Start.AddYears(-1), Until = TestEngine.Start.AddYears(1) }),
        ["analytics.listCosts"] = async (c, s) => await c.Analytics.ListCostsAsync(Seed.Year),
        ["analytics.getRevenue"] = async (c, s) => await c.Analytics.GetRevenueAsync(Seed.Report),
        ["analytics.getAcquisition"] = async (c, s) => await c.Analytics.GetAcquisitionAsync(Seed.Report),
        ["analytics.getLifetimeValue"] = async (c, s) => await c.Analytics.GetLifetimeValueAsync(Seed.Report),
        ["analytics.getChurn"] = async (c, s) => await c.Analytics.GetChurnAsync(Seed.Report),
        ["analytics.getCohorts"] = async (c, s) => await c.Analytics.GetCohortsAsync(Seed.Report),
        ["analytics.getLifecycleFunnel"] = async (c, s) => await c.Analytics.GetLifecycleFunnelAsync(Seed.Report),
        ["analytics.getEngagement"] = async (c, s) => await c.Analytics.GetEngagementAsync(Seed.Report),
        ["analytics.buildReport"] = async (c, s) => await c.Analytics.BuildReportAsync(Seed.Report),
        ["analytics.getNps"] = async (c, s) => await c.Analytics.GetNpsAsync(Seed.Report),
        ["analytics.getSupport"] = async (c, s) => await c.Analytics.GetSupportAsync(Seed.Report),
        ["analytics.getPipelineVelocity"] = async (c, s) => await c.Analytics.GetPipelineVelocityAsync(Seed.Report with { PipelineId = s.Sales.Pipeline.Id }),
        ["analytics.getDealFunnel"] = async (c, s) => await c.Analytics.GetDealFunnelAsync(Seed.Report),
        ["analytics.getCampaignRoi"] = async (c, s) => await c.Analytics.GetCampaignRoiAsync(Seed.Report),
        ["loyalty.getProgram"] = async (c, s) => await c.Loyalty.GetProgramAsync(),
        ["loyalty.getAccount"] = async (c, s) => await c.Loyalty.GetAccountAsync(s.Customer.Id),
        ["loyalty.getLedger"] = async (c, s) => (await c.Loyalty.GetLedgerAsync(s.Customer.Id)).Items,
        ["workflows.get"] = async (c, s) => await c.Workflows.GetAsync(s.Workflow.Id),
        ["workflows.getByEntity"] = async (c, s) => await c.Workflows.GetByEntityAsync(s.Customer.Id),
        ["workflows.getPermittedTriggers"] = async (c, s) => await NotFoundAsNull(() => c.Workflows.GetPermittedTriggersAsync(s.Workflow.Id)),
        ["workflows.getHistory"] = async (c, s) => await NotFoundAsNull(() => c.Workflows.GetHistoryAsync(s.Workflow.Id)),
        ["workflows.getTimers"] = async (c, s) => await NotFoundAsNull(() => c.Workflows.GetTimersAsync(s.Workflow.Id)),
        ["workflows.migrateDryRun"] = async (c, s) => (await c.Workflows.MigrateAsync(Seed.WorkflowId, 2, dryRun: true)).Moves,
    };

    /// <summary>Methods of context services that are not tenant data reads or writes, with the reason; the guard accepts them.</summary>
    private static readonly Dictionary<string, string> NotTenantData = new(StringComparer.Ordinal)
    {
        ["templates.register"] = "templates are engine-wide configuration registered by the host, not tenant data",
        ["templates.find"] = "templates are engine-wide configuration",
        ["templates.render"] = "renders the template and data passed in; reads no tenant data",
        ["templates.validate"] = "pure validation of the template passed in",
    };

    /// <summary>Each write aims at alpha's records; it may fail with a CRM error or touch beta, never alpha.</summary>
    private static readonly Dictionary<string, Func<ICrmContext, Seed, Task>> WriteOperations = new(StringComparer.Ordinal)
    {
        ["customers.updateNamingOtherTenant"] = (c, s) => c.Customers.UpdateAsync(s.Customer with { FirstName = "Mallory" }),
        ["customers.updateById"] = (c, s) => c.Customers.UpdateAsync(s.Customer with { TenantId = "", FirstName = "Mallory" }),
        ["customers.createNamingOtherTenant"] = (c, s) => c.Customers.CreateAsync(new Customer { TenantId = s.Customer.TenantId, FirstName = "Mallory", Emails = ["m@example.com"] }),
        ["customers.delete"] = (c, s) => c.Customers.DeleteAsync(s.Customer.Id, s.Customer.Version),
        ["customers.import"] = (c, s) => c.Customers.ImportAsync([s.Customer with { FirstName = "Mallory" }]),
        ["interactions.record"] = (c, s) => c.Interactions.RecordAsync(new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "x" }),
        ["interactions.import"] = (c, s) => c.Interactions.ImportAsync([new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start }]),
        ["purchases.record"] = (c, s) => c.Purchases.RecordAsync(new Purchase { CustomerId = s.Customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 1m)] }),
        ["purchases.import"] = (c, s) => c.Purchases.ImportAsync([new Purchase { CustomerId = s.Customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 1m)] }]),
        ["customFields.defineSameKey"] = (c, s) => c.CustomFields.DefineAsync(new CustomFieldDefinition(Seed.FieldKey, CustomFieldType.Number)),
        ["segments.saveSameName"] = (c, s) => c.Segments.SaveAsync(new SegmentDefinition(Seed.SegmentName, """{ "field": "city", "op": "eq", "value": "York" }""")),
        ["customFields.remove"] = (c, s) => c.CustomFields.RemoveAsync(Seed.FieldKey),
        ["duplicates.merge"] = async (c, s) => await c.Duplicates.MergeAsync(s.Customer.Id, s.Other.Id),
        ["segments.delete"] = (c, s) => c.Segments.DeleteAsync(Seed.SegmentName),
        ["segments.computeRfm"] = (c, s) => c.Segments.ComputeRfmAsync(),
        ["privacy.recordConsent"] = (c, s) => c.Privacy.RecordConsentAsync(s.Customer.Id, InteractionChannels.Email, "marketing", ConsentStatus.Withdrawn, "test"),
        ["privacy.erase"] = (c, s) => c.Privacy.EraseAsync(s.Customer.Id, "request"),
        ["csv.importCustomers"] = (c, s) => c.Csv.ImportAsync(ImportKind.Customers, new StringReader($"email,firstName\n{s.Customer.PrimaryEmail},Mallory\n")),
        ["csv.importInteractions"] = (c, s) => c.Csv.ImportAsync(ImportKind.Interactions, new StringReader($"customerEmail,channel,occurredAt\n{s.Customer.PrimaryEmail},email,2026-01-01T00:00:00Z\n")),
        ["messages.enqueue"] = (c, s) => c.Messages.EnqueueAsync(SecureHost.Message(s.Customer.Id)),
        ["messages.cancel"] = (c, s) => c.Messages.CancelAsync(s.Message.Id),
        ["messages.requeue"] = (c, s) => c.Messages.RequeueAsync(s.Message.Id),
        ["scheduler.cancel"] = (c, s) => c.Scheduler.CancelAsync(Seed.JobKey),
        ["reminders.scheduleSameKey"] = (c, s) => c.Reminders.ScheduleAsync(SecureHost.Reminder(s.Customer.Id, Seed.JobKey) with { DueAt = TestEngine.Start.AddDays(1) }),
        ["reminders.cancel"] = (c, s) => c.Reminders.CancelAsync(Seed.JobKey),
        ["messages.receive"] = (c, s) => c.Messages.ReceiveAsync(new InboundMessage { Channel = InteractionChannels.Email, ExternalId = "alpha-inbound", SenderAddress = s.Customer.PrimaryEmail!, TextBody = "hello", ReceivedAt = TestEngine.Start }),
        ["messages.handleWebhook"] = (c, s) => c.Messages.HandleWebhookAsync("email", new InboundWebhookRequest { TenantId = s.Customer.TenantId, ReceivedAt = TestEngine.Start, Body = Encoding.UTF8.GetBytes("{}") }),
        ["scheduler.schedule"] = (c, s) => c.Scheduler.ScheduleAsync(new JobRequest { Key = Seed.JobKey, Kind = "crm.reminder", DueAt = TestEngine.Start.AddDays(2) }),
        ["transact"] = (c, s) => c.TransactAsync(ct => c.Customers.UpdateAsync(s.Customer with { FirstName = "Mallory" }, ct)),
        ["deals.savePipelineNamingOtherTenant"] = (c, s) => c.Deals.SavePipelineAsync(s.Sales.Pipeline with { Name = "Mallory" }),
        ["deals.savePipelineById"] = (c, s) => c.Deals.SavePipelineAsync(s.Sales.Pipeline with { TenantId = "", Name = "Mallory" }),
        ["deals.create"] = (c, s) => c.Deals.CreateAsync(new Deal { PipelineId = s.Sales.Pipeline.Id, CustomerId = s.Customer.Id, Name = "Mallory", Amount = 1m, Currency = "EUR" }),
        ["deals.updateById"] = (c, s) => c.Deals.UpdateAsync(s.Sales.Deal with { TenantId = "", Name = "Mallory" }),
        ["deals.moveStage"] = (c, s) => c.Deals.MoveStageAsync(s.Sales.Deal.Id, "won"),
        ["leads.capture"] = (c, s) => c.Leads.CaptureAsync(s.Customer.Id, new LeadSource(LeadSourceKind.Api, "mallory")),
        ["leads.captureWebForm"] = (c, s) => c.Leads.CaptureWebFormAsync(new WebFormSubmission("f", new Dictionary<string, string> { ["m"] = s.Other.PrimaryEmail! }, new Dictionary<string, string> { ["m"] = "email" })),
        ["leads.qualify"] = (c, s) => c.Leads.QualifyAsync(s.Sales.Lead.Id, new BantQualification(1m, "EUR", true, "need", null)),
        ["leads.score"] = (c, s) => c.Leads.ScoreAsync(s.Sales.Lead.Id),
        ["leads.convert"] = (c, s) => c.Leads.ConvertAsync(s.Sales.Lead.Id, new LeadConversion(s.Sales.Pipeline.Id, "Mallory", 1m, "EUR")),
        ["quotes.create"] = (c, s) => c.Quotes.CreateAsync(new Quote { CustomerId = s.Customer.Id, Currency = "EUR", Lines = [new QuoteLine("M", "Mallory", 1, 1m)] }),
        ["quotes.accept"] = (c, s) => c.Quotes.AcceptAsync(s.Sales.OpenQuote.Id),
        ["quotes.reject"] = (c, s) => c.Quotes.RejectAsync(s.Sales.OpenQuote.Id),
        ["cases.open"] = (c, s) => c.Cases.OpenAsync(new OpenCaseRequest { CustomerId = s.Customer.Id, Subject = "Mallory" }),
        ["cases.fileInbound"] = (c, s) => c.Cases.FileInboundAsync(s.Support.Interaction.Id),
        ["cases.addMessage"] = (c, s) => c.Cases.AddMessageAsync(s.Support.Case.Id, new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "Mallory" }),
        ["cases.assign"] = (c, s) => c.Cases.AssignAsync(s.Support.Case.Id, "mallory"),
        ["cases.changeStatus"] = (c, s) => c.Cases.ChangeStatusAsync(s.Support.Case.Id, CaseStatus.Closed),
        ["knowledge.saveById"] = (c, s) => c.Knowledge.SaveAsync(s.Support.Article with { TenantId = "", Title = "Mallory" }),
        ["knowledge.saveNamingOtherTenant"] = (c, s) => c.Knowledge.SaveAsync(s.Support.Article with { Title = "Mallory" }),
        ["knowledge.delete"] = (c, s) => c.Knowledge.DeleteAsync(s.Support.Article.Id),
        ["alerts.evaluate"] = (c, s) => c.Alerts.EvaluateAsync(),
        ["alerts.evaluateCustomer"] = (c, s) => c.Alerts.EvaluateCustomerAsync(s.Customer.Id),
        ["alerts.schedule"] = (c, s) => c.Alerts.ScheduleAsync(TimeSpan.FromHours(1)),
        ["campaigns.create"] = (c, s) => c.Campaigns.CreateAsync(s.Marketing.Campaign with { Id = Guid.Empty, TenantId = "" }),
        ["campaigns.updateById"] = (c, s) => c.Campaigns.UpdateAsync(s.Marketing.Campaign with { TenantId = "", Name = "Mallory" }),
        ["campaigns.schedule"] = (c, s) => c.Campaigns.ScheduleAsync(s.Marketing.Campaign.Id, TestEngine.Start.AddDays(1)),
        ["campaigns.send"] = (c, s) => c.Campaigns.SendAsync(s.Marketing.Campaign.Id),
        ["campaigns.dispatch"] = (c, s) => c.Campaigns.DispatchAsync(s.Marketing.Campaign.Id),
        ["campaigns.cancel"] = (c, s) => c.Campaigns.CancelAsync(s.Marketing.Campaign.Id),
        ["campaigns.track"] = (c, s) => c.Campaigns.TrackAsync(new CampaignTrackingEvent(s.Marketing.Campaign.Id, s.Customer.Id, CampaignEventKind.Delivered, TestEngine.Start)),
        ["campaigns.suppressCustomer"] = (c, s) => c.Campaigns.SuppressCustomerAsync(s.Other.Id, SuppressionReason.Bounced),
        ["campaigns.suppressAddress"] = (c, s) => c.Campaigns.SuppressAddressAsync(s.Other.PrimaryEmail!, SuppressionReason.Bounced),
        ["campaigns.unsuppress"] = (c, s) => c.Campaigns.UnsuppressAsync(s.Marketing.Suppression),
        ["recommendations.computeRules"] = (c, s) => c.Recommendations.ComputeRulesAsync(),
        ["feedback.defineSurvey"] = (c, s) => c.Feedback.DefineSurveyAsync(s.Marketing.Survey with { Name = "Mallory" }),
        ["feedback.invite"] = (c, s) => c.Feedback.InviteAsync(new SurveyInvitationRequest { SurveyId = s.Marketing.Survey.Id, CustomerId = s.Customer.Id }),
        ["feedback.respond"] = (c, s) => c.Feedback.RespondAsync("not-a-token", []),
        ["feedback.record"] = (c, s) => c.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = s.Marketing.Survey.Id, CustomerId = s.Customer.Id, ReceivedAt = TestEngine.Start }),
        ["analytics.recordCost"] = (c, s) => c.Analytics.RecordCostAsync(s.Marketing.Cost with { Amount = 999m }),
        ["analytics.deleteCost"] = (c, s) => c.Analytics.DeleteCostAsync(s.Marketing.Cost.Id),
        ["loyalty.earn"] = (c, s) => c.Loyalty.EarnAsync(new LoyaltyEarningEvent { Kind = LoyaltyEarningKinds.Purchase, CustomerId = s.Customer.Id, SourceId = "mallory", OccurredAt = TestEngine.Start, Amount = 500m, Currency = "EUR" }),
        ["loyalty.postRedeem"] = (c, s) => c.Loyalty.PostAsync(new LoyaltyPosting { CustomerId = s.Customer.Id, Kind = LoyaltyEntryKind.Redeem, Points = 5, Reason = "mallory", IdempotencyKey = "mallory-redeem" }),
        ["loyalty.postAdjust"] = (c, s) => c.Loyalty.PostAsync(new LoyaltyPosting { CustomerId = s.Customer.Id, Kind = LoyaltyEntryKind.Adjust, Points = 1000, Reason = "mallory", IdempotencyKey = "mallory-adjust" }),
        ["loyalty.maintain"] = (c, s) => c.Loyalty.MaintainAsync(s.Customer.Id),
        ["loyalty.maintainDue"] = (c, s) => c.Loyalty.MaintainDueAsync(),
        ["workflows.start"] = (c, s) => c.Workflows.StartAsync(Seed.WorkflowId, s.Customer.Id),
        ["workflows.fire"] = (c, s) => c.Workflows.FireAsync(s.Workflow.Id, "submit"),
        ["workflows.fireWithIdempotencyKey"] = (c, s) => c.Workflows.FireAsync(s.Workflow.Id, "submit", idempotencyKey: "mallory"),
        ["workflows.migrate"] = (c, s) => c.Workflows.MigrateAsync(Seed.WorkflowId, 2, dryRun: false),
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_read_aimed_at_another_tenant_finds_nothing(string operation)
    {
        // Gamma's admin (a tenant nobody writes to) must see exactly what an admin of a tenant with no data sees.
        var found = await OutcomeAsync(() => ReadOperations[operation](fixture.Gamma, fixture.Seed), "gamma");
        var empty = await OutcomeAsync(() => ReadOperations[operation](fixture.Empty, fixture.Seed), "delta");

        Assert.Equal(empty, found);
        Assert.DoesNotContain("Ada", found, StringComparison.Ordinal);
        Assert.DoesNotContain(SecureHost.Marker, found, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ControlledReads))]
    public async Task The_same_read_by_alpha_finds_its_seeded_data(string operation)
    {
        // The control: each read would see alpha's data if tenancy did not stop it, so the test above can fail.
        var own = await OutcomeAsync(() => ReadOperations[operation](fixture.Alpha, fixture.Seed), "alpha");
        var empty = await OutcomeAsync(() => ReadOperations[operation](fixture.Empty, fixture.Seed), "delta");

        Assert.True(!string.Equals(empty, own, StringComparison.Ordinal), $"{operation}: alpha sees what an empty tenant sees: {own}");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_aimed_at_another_tenant_leaves_its_data_unchanged(string operation)
    {
        var before = await fixture.SnapshotAsync();
        try
        {
            await WriteOperations[operation](fixture.Beta, fixture.Seed);
        }
        catch (CrmException)
        {
            // Refusing is one correct outcome; the assertion below is what matters.
        }

        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Fact]
    public void Every_method_of_every_ICrmContext_service_is_in_the_matrix()
    {
        // Reflection-driven: a service added to ICrmContext, or a method added to one, fails here until the matrix covers it.
        // Keys are "<service>.<method>" (camelCase, without Async), optionally followed by a capitalised variant name.
        var keys = ReadOperations.Keys.Concat(WriteOperations.Keys).Concat(NotTenantData.Keys).ToList();
        var methods = new List<string>();
        foreach (var property in typeof(ICrmContext).GetProperties().Where(p => p.PropertyType != typeof(CrmCaller)))
        {
            var service = Camel(property.PropertyType == typeof(ICrmContext) ? "" : property.Name);
            methods.AddRange(new[] { property.PropertyType }.Concat(property.PropertyType.GetInterfaces())
                .SelectMany(t => t.GetMethods())
                .Where(m => !m.IsSpecialName)
                .Select(m => service + "." + Camel(m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^5] : m.Name)));
        }

        methods.AddRange(typeof(ICrmContext).GetMethods().Where(m => !m.IsSpecialName).Select(m => Camel(m.Name[..^5])));
        var missing = methods.Distinct(StringComparer.Ordinal).Where(m => !keys.Exists(k => Covers(k, m))).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Not in the cross-tenant matrix: " + string.Join(", ", missing));
        Assert.True(ReadOperations.Count + WriteOperations.Count >= 120, $"{ReadOperations.Count} reads and {WriteOperations.Count} writes");
    }

    private static bool Covers(string key, string method) =>
        key == method
        || (key.EndsWith(".*", StringComparison.Ordinal) && method.StartsWith(key[..^1], StringComparison.Ordinal))
        || (key.StartsWith(method, StringComparison.Ordinal) && key.Length > method.Length && char.IsUpper(key[method.Length]));

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Reads whose result does not depend on tenant data (so the control cannot tell alpha from an empty tenant).</summary>
    private static readonly Dictionary<string, string> BlindReads = new(StringComparer.Ordinal)
    {
        ["duplicates.findDuplicates"] = "alpha's two customers are not duplicates",
        ["duplicates.getMergeHistory"] = "alpha has merged nothing",
        ["privacy.getErasureLog"] = "alpha has erased nobody",
        ["messages.getAttempts"] = "alpha's message is not due, so it has no attempts",
        ["alerts.list"] = "no alert rules are configured on this host",
        ["recommendations.listRules"] = "one purchase yields no association rule",
        ["recommendations.recommend"] = "one purchase yields no association rule",
        ["loyalty.getProgram"] = "the program definition is engine-wide configuration, the same for every tenant",
        ["analytics.getCampaignRoi"] = "alpha's campaign is a draft, and ROI lists campaigns sent in the period",
    };

    /// <summary>Runs a read and renders what it returned (or the type of error it threw) as JSON, with tenant names blanked.</summary>
    private static async Task<string> OutcomeAsync(Func<Task<object?>> read, string tenant)
    {
        string text;
        try
        {
            text = System.Text.Json.JsonSerializer.Serialize(await read());
        }
        catch (CrmException e)
        {
            text = "threw " + e.GetType().Name;
        }

        return text.Replace("\"" + tenant + "\"", "\"<tenant>\"", StringComparison.Ordinal);
    }

    /// <summary>Alpha's records, seeded once by alpha's system caller.</summary>
    public sealed record Seed(Customer Customer, Customer Other, OutboxMessage Message, SalesSeed Sales, SupportSeed Support, MarketingSeed Marketing, WorkflowInstance Workflow)
    {
        public static readonly ReportPeriod Year = new(TestEngine.Start.AddYears(-1), TestEngine.Start.AddYears(1));

        public static readonly AnalyticsQuery Report = new(Year, "EUR");

        public const string SegmentName = "leeds";
        public const string JobKey = "alpha-job";
        public const string FieldKey = "tier";
        public const string WorkflowId = "matrix";

        /// <summary>A customer workflow waiting in <c>draft</c> with a timer; version 2 exists so a migration has somewhere to go.</summary>
        public static string WorkflowDefinition(int version) => $$"""
            {
              "schemaVersion": 1, "id": "{{WorkflowId}}", "version": {{version}},{{(version > 1 ? """ "migrateFrom": { "version": 1, "states": { "draft": "draft" } },""" : "")}} "entity": "customer", "initialState": "draft",
              "triggers": { "submit": {} },
              "states": { "draft": { "timeouts": [ { "after": "P1D", "fire": "submit" } ] }, "done": { "final": true } },
              "transitions": [ { "from": "draft", "trigger": "submit", "to": "done" } ]
            }
            """;
    }

    public sealed record SalesSeed(Pipeline Pipeline, Deal Deal, LeadProfile Lead, Quote OpenQuote, Order Order);

    public sealed record SupportSeed(SupportCase Case, KnowledgeArticle Article, Interaction Interaction);

    public sealed record MarketingSeed(Campaign Campaign, Suppression Suppression, Survey Survey, AcquisitionCost Cost);

    /// <summary>Two tenants on one engine; beta's caller is an admin, so only tenancy stands between it and alpha.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private SecureHost? _host;

        internal SecureHost Host => _host!;

        public ICrmContext Alpha => Host.System("alpha");

        public ICrmContext Beta => Host.As("beta", "mallory", CrmBuiltInRoles.Admin);

        /// <summary>Reads run here: no test writes to gamma, so what it sees never depends on the order tests run in.</summary>
        public ICrmContext Gamma => Host.As("gamma", "mallory", CrmBuiltInRoles.Admin);

        /// <summary>A tenant with no data at all: the reference for "found nothing".</summary>
        public ICrmContext Empty => Host.As("delta", "mallory", CrmBuiltInRoles.Admin);

        public Seed Seed { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _host = await SecureHost.CreateAsync(builder: b => b
                .ConfigureFeedback(o =>
                {
                    o.SigningKey = new byte[32];
                    o.ResponseUrl = "https://surveys.example/respond";
                })
                .AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1m)
                .AddWorkflow(Seed.WorkflowDefinition(1))
                .AddWorkflow(Seed.WorkflowDefinition(2)));
            var alpha = Alpha;
            await alpha.CustomFields.DefineAsync(new CustomFieldDefinition(Seed.FieldKey, CustomFieldType.String));
            var customer = await alpha.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
            var other = await alpha.Customers.CreateAsync(SecureHost.SensitiveCustomer("Grace"));
            await alpha.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "hi" });
            await alpha.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 10m)] });
            await alpha.Privacy.RecordConsentAsync(customer.Id, InteractionChannels.Email, "marketing", ConsentStatus.Granted, "form");
            await alpha.Segments.SaveAsync(new SegmentDefinition(Seed.SegmentName, """{ "field": "city", "op": "eq", "value": "Leeds" }"""));
            await alpha.Segments.ComputeRfmAsync();
            await alpha.Reminders.ScheduleAsync(SecureHost.Reminder(customer.Id, Seed.JobKey));
            var message = await alpha.Messages.EnqueueAsync(SecureHost.Message(customer.Id) with { NotBefore = TestEngine.Start.AddDays(10) });
            var inbound = await alpha.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = TestEngine.Start, Subject = "Where are my refunds?" });

            var pipeline = await alpha.Deals.SavePipelineAsync(Sales.SalesHost.StandardPipeline());
            var deal = await alpha.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = customer.Id, Name = "Alpha deal", Amount = 100m, Currency = "EUR", OwnerId = "olga", ExpectedCloseDate = new DateOnly(2026, 7, 1) });
            var lead = await alpha.Leads.CaptureAsync(other.Id, new LeadSource(LeadSourceKind.Api, "seed"));
            var accepted = await alpha.Quotes.AcceptAsync((await alpha.Quotes.CreateAsync(new Quote { CustomerId = customer.Id, Currency = "EUR", Lines = [new QuoteLine("A", "Alpha", 1, 10m)] })).Id);
            var openQuote = await alpha.Quotes.CreateAsync(new Quote { CustomerId = customer.Id, Currency = "EUR", Lines = [new QuoteLine("B", "Beta", 2, 5m)] });
            var supportCase = await alpha.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Alpha case", OwnerId = "olga" });
            var article = await alpha.Knowledge.SaveAsync(new KnowledgeArticle { Title = "Alpha refunds", Body = "How refunds work for parcels." });

            Host.Engine.ForCaller(CrmCaller.System("alpha")).Templates.Register(Messaging.MessagingHost.Welcome);
            var campaign = await alpha.Campaigns.CreateAsync(new Campaign { Name = "Alpha spring", Channel = InteractionChannels.Email, TemplateId = Messaging.MessagingHost.Welcome.Id, Audience = CampaignAudience.Segment(Seed.SegmentName), Currency = "EUR" });
            var suppression = await alpha.Campaigns.SuppressCustomerAsync(customer.Id, SuppressionReason.Bounced);
            var survey = await alpha.Feedback.DefineSurveyAsync(Feedback.FeedbackScoreTests.Survey());
            await alpha.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = customer.Id, ReceivedAt = TestEngine.Start, Answers = [new SurveyAnswer("nps") { Score = 9 }] });
            var cost = await alpha.Analytics.RecordCostAsync(new AcquisitionCost(Guid.Empty, "email", TestEngine.Start, 50m, "EUR"));
            await alpha.Recommendations.ComputeRulesAsync();
            var workflow = await OnVersionOneAsync(await alpha.Workflows.StartAsync(Seed.WorkflowId, customer.Id));

            Seed = new Seed(customer, other, message, new SalesSeed(pipeline, deal, lead, openQuote, accepted.Order), new SupportSeed(supportCase, article, inbound), new MarketingSeed(campaign, suppression, survey, cost), workflow);
        }

        /// <summary>
        /// New instances start on the latest version (2), so the row is set back to version 1, as if it had started before
        /// version 2 was registered: then a migration aimed at alpha has an instance to move.
        /// </summary>
        private async Task<WorkflowInstance> OnVersionOneAsync(WorkflowInstance instance)
        {
            var session = await ((CrmEngine)Host.Engine).Storage.OpenSessionAsync(instance.TenantId, CancellationToken.None);
            await using (session)
            {
                return await session.Workflows.UpdateAsync(instance with { WorkflowVersion = 1 }, CancellationToken.None);
            }
        }

        /// <summary>Everything of alpha's the writes could touch, as one comparable string.</summary>
        public async Task<string> SnapshotAsync()
        {
            var alpha = Alpha;
            var text = new StringBuilder();
            await alpha.Csv.ExportCustomersAsync(new StringWriter(text));
            var timeline = await alpha.Interactions.GetTimelineAsync(Seed.Customer.Id);
            var purchases = await alpha.Purchases.ListAsync(Seed.Customer.Id);
            var consent = await alpha.Privacy.GetConsentHistoryAsync(Seed.Customer.Id);
            var message = await alpha.Messages.GetAsync(Seed.Message.Id);
            var job = await alpha.Scheduler.FindAsync(Seed.JobKey);
            var segments = await alpha.Segments.ListAsync();
            var fields = await alpha.CustomFields.ListAsync();
            var erasures = await alpha.Privacy.GetErasureLogAsync();
            var merges = await alpha.Duplicates.GetMergeHistoryAsync(Seed.Customer.Id);
            var versions = string.Join(",", (await alpha.Customers.SearchAsync((Condition?)null)).Items.Select(c => $"{c.Id}:{c.Version}"));
            var newer = System.Text.Json.JsonSerializer.Serialize(new object?[]
            {
                await alpha.Deals.GetPipelineAsync(Seed.Sales.Pipeline.Id),
                (await alpha.Deals.ListAsync(new DealQuery())).Items,
                await alpha.Deals.GetStageHistoryAsync(Seed.Sales.Deal.Id),
                (await alpha.Leads.ListAsync()).Items,
                await alpha.Quotes.GetAsync(Seed.Sales.OpenQuote.Id),
                await alpha.Quotes.GetOrderAsync(Seed.Sales.Order.Id),
                (await alpha.Cases.ListAsync(new CaseQuery())).Items,
                await alpha.Knowledge.GetAsync(Seed.Support.Article.Id),
                (await alpha.Alerts.ListAsync(new AlertQuery())).Items,
                (await alpha.Campaigns.ListAsync()).Items,
                (await alpha.Campaigns.ListSuppressionsAsync()).Items,
                await alpha.Campaigns.GetEffectivenessAsync(Seed.Marketing.Campaign.Id),
                await alpha.Feedback.GetSurveyAsync(Seed.Marketing.Survey.Id),
                (await alpha.Feedback.ListResponsesAsync(Seed.Customer.Id)).Items,
                await alpha.Analytics.ListCostsAsync(Seed.Year),
                await alpha.Recommendations.ListRulesAsync(),
                (await alpha.Audit.ForActorAsync(CrmCaller.SystemUserId, new PageRequest(500))).Items.Count,
                (await alpha.Interactions.GetTimelineAsync(Seed.Other.Id)).Items.Count,
                await alpha.Loyalty.GetAccountAsync(Seed.Customer.Id),
                (await alpha.Loyalty.GetLedgerAsync(Seed.Customer.Id)).Items,
                await alpha.Workflows.GetByEntityAsync(Seed.Customer.Id),
                await alpha.Workflows.GetHistoryAsync(Seed.Workflow.Id),
                await alpha.Workflows.GetTimersAsync(Seed.Workflow.Id),
            });
            return string.Join("|", text, versions, timeline.Items.Count, purchases.Items.Count, consent.Count, message?.Status, message?.UpdatedAt,
                job?.Status, job?.DueAt, segments.Count, fields.Count, erasures.Count, merges.Count, newer);
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private static async Task<object?> NotFoundAsNull<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (CrmNotFoundException)
        {
            return null;
        }
        catch (CrmValidationException e) when (e.Message.Contains("no segment is named", StringComparison.Ordinal))
        {
            return null;
        }
    }
}
