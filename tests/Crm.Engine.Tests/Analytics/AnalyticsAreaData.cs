using Crm.Engine.Feedback;
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
    }
}
