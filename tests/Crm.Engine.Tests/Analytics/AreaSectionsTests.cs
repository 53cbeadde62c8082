using Crm.Engine.Analytics;
using Crm.Engine.Reports;

namespace Crm.Engine.Tests.Analytics;

/// <summary>
/// The sections built from other areas' stores (NPS, support, pipeline velocity, deal funnel, campaign ROI) against the hand-computed answers of
/// <see cref="AnalyticsAreaData"/>, plus the edge cases: empty periods and buckets, no pipeline, an unknown pipeline.
/// </summary>
public sealed class AreaSectionsTests(AnalyticsFixture fixture) : IClassFixture<AnalyticsFixture>
{
    [Fact]
    public async Task Nps_OverallAndPerMonth()
    {
        var nps = await fixture.Crm.Analytics.GetNpsAsync(AnalyticsFixture.Quarter);

        // Q1: promoters 10, 9 = 2; detractors 3, 0 = 2; passive 7; 5 NPS answers (the CSAT-only answer and December left out).
        // (2 - 2) / 5 x 100 = 0.
        Assert.Equal(0m, nps.Overall.Value);
        Assert.Equal(5m, nps.Overall.Inputs["responses"]);
        Assert.Equal(3, nps.Trend.Count);
        // January: (2 - 1) / 3 x 100 = 33.33...
        Assert.Equal((3L, 2L, 1L), (nps.Trend[0].Responses, nps.Trend[0].Promoters, nps.Trend[0].Detractors));
        Assert.Equal(100m / 3m, nps.Trend[0].Nps!.Value, 10);
        // February: no answers, undefined rather than 0.
        Assert.Equal(0, nps.Trend[1].Responses);
        Assert.Null(nps.Trend[1].Nps);
        // March: (0 - 1) / 2 x 100 = -50.
        Assert.Equal(-50m, nps.Trend[2].Nps);
    }

    [Fact]
    public async Task Support_ResponseResolutionAndSla()
    {
        var support = await fixture.Crm.Analytics.GetSupportAsync(AnalyticsFixture.Quarter);

        // S1, S2, S3 opened in Q1 (S4 in December).
        Assert.Equal(3, support.Totals.Opened);
        // First response: (2 h + 6 h) / 2 cases = 4 h.
        Assert.Equal(4m, support.FirstResponseHours.Value);
        Assert.Equal(2m, support.FirstResponseHours.Inputs["respondedCases"]);
        // Resolution: S1 only, 24 h.
        Assert.Equal(24m, support.ResolutionHours.Value);
        // SLA: S1 response and resolution met; S2 response late, resolution past due unresolved; S3 response still in time.
        // 2 met / 4 decided = 0.5.
        Assert.Equal((4L, 2L), (support.Totals.SlaDecided, support.Totals.SlaMet));
        Assert.Equal(0.5m, support.SlaCompliance.Value);
    }

    [Fact]
    public async Task EmptyPeriod_EveryAreaKpiUndefinedWithReason()
    {
        var query = AnalyticsFixture.Quarter with { Period = new ReportPeriod(Testing.Storage.AnalyticsDataSet.Day(2024, 1, 1), Testing.Storage.AnalyticsDataSet.Day(2024, 2, 1)) };

        var nps = await fixture.Crm.Analytics.GetNpsAsync(query);
        var support = await fixture.Crm.Analytics.GetSupportAsync(query);

        Assert.Null(nps.Overall.Value);
        Assert.Equal("responses is 0", nps.Overall.UndefinedReason);
        Assert.Equal(0, support.Totals.Opened);
        Assert.Equal("respondedCases is 0", support.FirstResponseHours.UndefinedReason);
        Assert.Equal("resolvedCases is 0", support.ResolutionHours.UndefinedReason);
        Assert.Equal("milestonesDecided is 0", support.SlaCompliance.UndefinedReason);
    }

    [Fact]
    public async Task Report_CarriesAreaSections_AndSaysWhyVelocityIsMissing()
    {
        var report = await fixture.Crm.Analytics.BuildReportAsync(AnalyticsFixture.Quarter);

        Assert.Equal(0m, report.Nps!.Overall.Value);
        Assert.Equal(0.5m, report.Support!.SlaCompliance.Value);
        Assert.Null(report.PipelineVelocity);
        Assert.Contains("PipelineId", report.Omitted["pipelineVelocity"], StringComparison.Ordinal);
        Assert.Contains(report.Tiles, t => t.Definition.Key == "nps");
        Assert.Contains(report.Tiles, t => t.Definition.Key == "support.slaCompliance");

        using var stream = new MemoryStream();
        await AnalyticsReportWriter.WriteAsync(report, ReportFormat.Csv, stream);
        var csv = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("support,support.slaCompliance,,2026-01-01T00:00:00.0000000+00:00,2026-04-01T00:00:00.0000000+00:00,0.5,", csv, StringComparison.Ordinal);
        Assert.Contains("nps,nps,,2026-02-01T00:00:00.0000000+00:00,2026-03-01T00:00:00.0000000+00:00,,responses is 0", csv, StringComparison.Ordinal);
        Assert.Contains("pipelineVelocity,omitted,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipelineVelocity_WithoutOrUnknownPipeline_IsAValidationError()
    {
        var missing = await Assert.ThrowsAsync<CrmValidationException>(() => fixture.Crm.Analytics.GetPipelineVelocityAsync(AnalyticsFixture.Quarter));
        var unknown = await Assert.ThrowsAsync<CrmValidationException>(() => fixture.Crm.Analytics.GetPipelineVelocityAsync(AnalyticsFixture.Quarter with { PipelineId = Guid.NewGuid() }));

        Assert.Contains("pipeline", missing.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no pipeline has the id", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DealFunnel_StepsAndConversion()
    {
        var funnel = await fixture.Crm.Analytics.GetDealFunnelAsync(AnalyticsFixture.Quarter);

        // L1-L5 captured in Q1 (L6 in December, L7 at the exclusive end). Qualified: L1, L2, L3 and L5 (converted
        // without qualification still passed the step) = 4. Opportunity: L1, L2, L5 = 3. Won: L1 = 1.
        Assert.Equal(FunnelSection.DealSource, funnel.Source);
        Assert.Equal(["Lead", "Qualified", "Opportunity", "Won"], funnel.Steps.Select(s => s.Name));
        Assert.Equal([5L, 4L, 3L, 1L], funnel.Steps.Select(s => s.Reached));
        // 4 / 5 = 0.8; 3 / 4 = 0.75; 1 / 3 = 0.333...
        Assert.Null(funnel.Steps[0].FromPrevious);
        Assert.Equal(0.8m, funnel.Steps[1].FromPrevious);
        Assert.Equal(0.75m, funnel.Steps[2].FromPrevious);
        Assert.Equal(1m / 3m, funnel.Steps[3].FromPrevious!.Value, 10);
        // 1 won / 5 leads = 0.2.
        Assert.Equal(0.2m, funnel.Conversion.Value);
        Assert.Equal((1m, 5m), (funnel.Conversion.Inputs["wonLeads"], funnel.Conversion.Inputs["leads"]));
    }

    [Fact]
    public async Task CampaignRoi_PerCampaignSentInThePeriod_CampaignCostOnly()
    {
        var section = await fixture.Crm.Analytics.GetCampaignRoiAsync(AnalyticsFixture.Quarter);

        // Sent in Q1, by send time: Winter (01-15), Spring (02-01), Clearance (03-10); Autumn (December) and Draft left out.
        Assert.Equal(["Winter", "Spring", "Clearance"], section.Campaigns.Select(c => c.Name));
        var winter = section.Campaigns[0];
        Assert.Equal((40m, 0m), (winter.Revenue, winter.Cost));
        Assert.Null(winter.Roi.Value);
        Assert.Equal("cost is 0", winter.Roi.UndefinedReason);
        // Spring: (150 + 100 - 100) / 100 = 1.5; the 500 GBP acquisition cost booked with its id is not added.
        var spring = section.Campaigns[1];
        Assert.Equal((250m, 100m), (spring.Revenue, spring.Cost));
        Assert.Equal(1.5m, spring.Roi.Value);
        // Clearance: (50 - 200) / 200 = -0.75.
        Assert.Equal(-0.75m, section.Campaigns[2].Roi.Value);
    }

    [Fact]
    public async Task EmptyPeriod_DealFunnelAndCampaignRoi_UndefinedOrEmpty()
    {
        var query = AnalyticsFixture.Quarter with { Period = new ReportPeriod(Testing.Storage.AnalyticsDataSet.Day(2024, 1, 1), Testing.Storage.AnalyticsDataSet.Day(2024, 2, 1)) };

        var funnel = await fixture.Crm.Analytics.GetDealFunnelAsync(query);
        var campaigns = await fixture.Crm.Analytics.GetCampaignRoiAsync(query);

        Assert.All(funnel.Steps, s => Assert.Equal(0, s.Reached));
        Assert.All(funnel.Steps, s => Assert.Null(s.FromPrevious));
        Assert.Null(funnel.Conversion.Value);
        Assert.Equal("leads is 0", funnel.Conversion.UndefinedReason);
        Assert.Empty(campaigns.Campaigns);
    }

    [Fact]
    public async Task Report_CarriesDealFunnelAndCampaigns_InHtmlAndCsv()
    {
        var report = await fixture.Crm.Analytics.BuildReportAsync(AnalyticsFixture.Quarter);

        Assert.Equal(0.2m, report.DealFunnel!.Conversion.Value);
        Assert.Equal(3, report.Campaigns!.Campaigns.Count);
        Assert.Contains(report.Tiles, t => t.Definition.Key == "deals.conversion");
        Assert.False(report.Omitted.ContainsKey("dealFunnel"));
        Assert.False(report.Omitted.ContainsKey("campaigns"));

        using var stream = new MemoryStream();
        await AnalyticsReportWriter.WriteAsync(report, ReportFormat.Csv, stream);
        var csv = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        const string Quarter = "2026-01-01T00:00:00.0000000+00:00,2026-04-01T00:00:00.0000000+00:00";
        Assert.Contains($"dealFunnel,reached,Opportunity,{Quarter},3,", csv, StringComparison.Ordinal);
        Assert.Contains($"dealFunnel,deals.conversion,,{Quarter},0.2,", csv, StringComparison.Ordinal);
        var spring = report.Campaigns.Campaigns[1].CampaignId;
        Assert.Contains($"campaigns,campaign.roi,{spring},{Quarter},1.5,", csv, StringComparison.Ordinal);
        Assert.Contains($"campaigns,cost,{spring},{Quarter},100,EUR", csv, StringComparison.Ordinal);
        Assert.Contains($"campaigns,campaign.roi,{report.Campaigns.Campaigns[0].CampaignId},{Quarter},,cost is 0", csv, StringComparison.Ordinal);

        var html = AnalyticsReportWriter.ToHtml(report);
        Assert.Contains("id=\"deal-funnel-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"campaign-roi-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("n/a (cost is 0)", html, StringComparison.Ordinal);
    }
}
