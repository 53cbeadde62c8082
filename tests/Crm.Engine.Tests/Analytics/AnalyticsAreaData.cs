using Crm.Engine.Analytics;
using Crm.Engine.Campaigns;
using Crm.Engine.Feedback;
using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using static Crm.Engine.Testing.Storage.AnalyticsDataSet;

namespace Crm.Engine.Tests.Analytics;

/// <summary>
/// Support cases and survey responses added to <see cref="Testing.Storage.AnalyticsDataSet"/> for the sections built from
/// other areas' stores. The engine's clock stands at 2026-06-01 09:00 (<see cref="TestEngine.Start"/>).
/// </summary>
/// <remarks>
/// <code>
/// case  opened       first response (due)          resolved (due)              SLA milestones decided / met
/// S1    01-10 00:00  01-10 02:00 (01-10 04:00) met  01-11 00:00 (01-12) met     2 / 2
/// S2    02-01 00:00  02-01 06:00 (02-01 04:00) late -           (02-03) past due 2 / 0
/// S3    03-01 00:00  -           (07-01) in time   -            (none)          0 / 0
/// S4    2025-12-20   outside the period
/// NPS responses: Jan 10, 9, 3; Feb none; Mar 7, 0 and one CSAT-only answer; Dec 2025 10 (outside)
///
/// lead  captured     qualified   converted   deal     reaches
/// L1    01-05        01-06       01-10       Won      lead, qualified, opportunity, won
/// L2    02-01        02-03       02-10       Open     lead, qualified, opportunity
/// L3    02-15        02-20       -           -        lead, qualified
/// L4    03-01        -           -           -        lead
/// L5    03-31 23:59  -           03-31 23:59 Lost     lead, (qualified: converted counts), opportunity
/// L6    2025-12-20   12-21       12-22       Won      outside the period
/// L7    04-01 00:00  -           -           -        outside (the end is exclusive)
///
/// campaign  sent        cost   attributed revenue         ROI
/// Winter    01-15       0      40                         undefined (cost is 0)
/// Spring    02-01       100    150 + 100 = 250            (250 - 100) / 100 = 1.5
/// Clearance 03-10       200    50                         (50 - 200) / 200 = -0.75
/// Autumn    2025-12-01  10     30                         outside the period
/// Draft     never sent  5      -                          not in the section
/// An acquisition cost of 500 GBP is booked with Spring's campaign id: ROI ignores it (it feeds CAC, in GBP).
/// </code>
/// </remarks>
internal static class AnalyticsAreaData
{
    public static async Task SeedAsync(IStorageSession session, Guid customer)
    {
        var none = CancellationToken.None;
        async Task CaseAsync(string subject, DateTimeOffset opened, DateTimeOffset? responded, DateTimeOffset? responseDue, DateTimeOffset? resolved, DateTimeOffset? resolutionDue, CaseStatus status) =>
            Assert.NotNull(await session.Support.TryInsertCaseAsync(new SupportCase
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                CustomerId = customer,
                Subject = subject,
                Status = status,
                OpenedAt = opened,
                FirstResponseAt = responded,
                FirstResponseDueAt = responseDue,
                ResolvedAt = resolved,
                ResolutionDueAt = resolutionDue,
                UpdatedAt = opened,
            }, none));

        await CaseAsync("S1", Day(2026, 1, 10), Day(2026, 1, 10).AddHours(2), Day(2026, 1, 10).AddHours(4), Day(2026, 1, 11), Day(2026, 1, 12), CaseStatus.Resolved);
        await CaseAsync("S2", Day(2026, 2, 1), Day(2026, 2, 1).AddHours(6), Day(2026, 2, 1).AddHours(4), null, Day(2026, 2, 3), CaseStatus.Open);
        await CaseAsync("S3", Day(2026, 3, 1), null, Day(2026, 7, 1), null, null, CaseStatus.New);
        await CaseAsync("S4", Day(2025, 12, 20), Day(2025, 12, 20).AddHours(1), null, null, null, CaseStatus.Open);

        var survey = Guid.NewGuid();
        async Task ResponseAsync(DateTimeOffset received, int? nps, int? csat = null) =>
            await session.Feedback.InsertResponseAsync(new SurveyResponse
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                SurveyId = survey,
                CustomerId = customer,
                NpsScore = nps,
                CsatScore = csat,
                ReceivedAt = received,
            }, none);

        await ResponseAsync(Day(2026, 1, 5), 10);
        await ResponseAsync(Day(2026, 1, 6), 9);
        await ResponseAsync(Day(2026, 1, 7), 3);
        await ResponseAsync(Day(2026, 3, 2), 7);
        await ResponseAsync(Day(2026, 3, 3), 0);
        await ResponseAsync(Day(2026, 3, 4), null, 5);
        await ResponseAsync(Day(2025, 12, 31), 10);
        await SeedLeadsAsync(session);
        await SeedCampaignsAsync(session);
    }

    private static async Task SeedLeadsAsync(IStorageSession session)
    {
        var none = CancellationToken.None;
        var pipeline = Guid.NewGuid();
        async Task LeadAsync(DateTimeOffset captured, DateTimeOffset? qualified, DateTimeOffset? converted, DealStatus? deal)
        {
            var id = Guid.NewGuid();
            Guid? dealId = deal is null ? null : Guid.NewGuid();
            await session.Sales.SaveLeadAsync(new LeadProfile
            {
                Id = id,
                Source = new LeadSource(LeadSourceKind.WebForm, "test"),
                QualifiedAt = qualified,
                ConvertedAt = converted,
                DealId = dealId,
                CreatedAt = captured,
                UpdatedAt = captured,
            }, none);
            if (deal is { } status)
            {
                await session.Sales.SaveDealAsync(new Deal
                {
                    Id = dealId!.Value,
                    CustomerId = id,
                    PipelineId = pipeline,
                    StageId = status.ToString(),
                    Status = status,
                    Name = "deal",
                    Amount = 1000m,
                    Currency = "EUR",
                    LeadId = id,
                    CreatedAt = converted!.Value,
                    UpdatedAt = converted.Value,
                    ClosedAt = status == DealStatus.Open ? null : converted.Value.AddDays(5),
                }, none);
            }
        }

        await LeadAsync(Day(2026, 1, 5), Day(2026, 1, 6), Day(2026, 1, 10), DealStatus.Won);
        await LeadAsync(Day(2026, 2, 1), Day(2026, 2, 3), Day(2026, 2, 10), DealStatus.Open);
        await LeadAsync(Day(2026, 2, 15), Day(2026, 2, 20), null, null);
        await LeadAsync(Day(2026, 3, 1), null, null, null);
        await LeadAsync(Day(2026, 4, 1).AddMinutes(-1), null, Day(2026, 4, 1).AddMinutes(-1), DealStatus.Lost);
        await LeadAsync(Day(2025, 12, 20), Day(2025, 12, 21), Day(2025, 12, 22), DealStatus.Won);
        await LeadAsync(Day(2026, 4, 1), null, null, null);
    }

    private static async Task SeedCampaignsAsync(IStorageSession session)
    {
        var none = CancellationToken.None;
        async Task<Guid> CampaignAsync(string name, DateTimeOffset? sent, decimal cost, params decimal[] conversions)
        {
            var id = Guid.NewGuid();
            await session.Campaigns.InsertAsync(new Campaign
            {
                Id = id,
                Name = name,
                Channel = "email",
                TemplateId = "t",
                Audience = CampaignAudience.Segment("buyers"),
                Cost = cost,
                Currency = "EUR",
                Status = sent is null ? CampaignStatus.Draft : CampaignStatus.Sent,
                SentAt = sent,
                CreatedAt = sent ?? Day(2026, 1, 1),
                UpdatedAt = sent ?? Day(2026, 1, 1),
            }, none);
            foreach (var amount in conversions)
            {
                await session.Campaigns.RecordEventAsync(new CampaignTrackingEvent(id, Guid.NewGuid(), CampaignEventKind.Converted, (sent ?? Day(2026, 1, 1)).AddDays(1))
                {
                    Variant = Campaign.DefaultVariant,
                    Amount = amount,
                }, none);
            }

            return id;
        }

        await CampaignAsync("Winter", Day(2026, 1, 15), 0m, 40m);
        var spring = await CampaignAsync("Spring", Day(2026, 2, 1), 100m, 150m, 100m);
        await CampaignAsync("Clearance", Day(2026, 3, 10), 200m, 50m);
        await CampaignAsync("Autumn", Day(2025, 12, 1), 10m, 30m);
        await CampaignAsync("Draft", null, 5m);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "email", Day(2026, 2, 1), 500m, "GBP") { CampaignId = spring }, none);
    }
}
