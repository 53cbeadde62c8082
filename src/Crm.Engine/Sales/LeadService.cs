using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Sales;

/// <summary>Implements lead capture, qualification, scoring and conversion for one caller.</summary>
internal sealed class LeadService(CrmEngine engine, CrmCaller caller, CustomerService customers, DealService deals) : ILeadService
{
    private LeadScoringOptions Scoring => engine.Services.GetRequiredService<IOptions<SalesOptions>>().Value.LeadScoringFor(caller.TenantId);

    public async Task<LeadProfile> CaptureAsync(Guid customerId, LeadSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        engine.Access.Demand(caller, CrmPermissions.LeadsWrite);
        var now = engine.Time.GetUtcNow();
        LeadProfile lead = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var customer = await session.Customers.GetAsync(customerId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), customerId);
            lead = await EnsureProfileAsync(session, customer, source, created: false, now, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return lead;
    }

    public async Task<LeadCaptureResult> CaptureWebFormAsync(WebFormSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        engine.Access.Demand(caller, CrmPermissions.LeadsWrite);
        var mapped = WebFormMapper.Map(submission);
        var now = engine.Time.GetUtcNow();
        LeadCaptureResult result = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var existing = await session.Customers.FindByEmailAsync(mapped.PrimaryEmail!, ct).ConfigureAwait(false);
            var customer = existing ?? await customers.CreateAsync(mapped, ct).ConfigureAwait(false);
            var source = new LeadSource(LeadSourceKind.WebForm, submission.Channel, submission.CampaignId, submission.FormId);
            var lead = await EnsureProfileAsync(session, customer, source, existing is null, now, ct).ConfigureAwait(false);
            result = new LeadCaptureResult(customer, lead, existing is null);
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<LeadProfile?> GetAsync(Guid leadId, CancellationToken cancellationToken = default)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        var lead = await session.Sales.GetLeadAsync(leadId, cancellationToken).ConfigureAwait(false);
        engine.Access.Demand(caller, CrmPermissions.LeadsRead, lead is null ? null : Ownership(lead));
        return lead;
    }

    public async Task<Page<LeadProfile>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LeadsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.ListLeadsAsync(PageRequests.Resolve(engine.Options, page), engine.Access.VisibleRecords(caller, CrmPermissions.LeadsRead), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LeadProfile> QualifyAsync(Guid leadId, BantQualification bant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bant);
        var now = engine.Time.GetUtcNow();
        LeadProfile stored = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var before = await LoadAsync(session, leadId, ct).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.LeadsWrite, Ownership(before));
            var qualifies = BantEvaluator.IsQualified(bant, Scoring.Qualification, DateOnly.FromDateTime(now.UtcDateTime));
            var firstTime = qualifies && before.QualifiedAt is null;
            stored = await session.Sales.SaveLeadAsync(before with { Bant = bant, QualifiedAt = firstTime ? now : before.QualifiedAt, UpdatedAt = now }, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new LeadUpdated(before, stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            if (firstTime)
            {
                await engine.Events.PublishAsync(new LeadQualified(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<decimal> GetCurrentScoreAsync(Guid leadId, CancellationToken cancellationToken = default)
    {
        var lead = await GetAsync(leadId, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException("Lead", leadId);
        return lead.ScoreAt(engine.Time.GetUtcNow(), Scoring.HalfLife);
    }

    public async Task<LeadScoreResult> ScoreAsync(Guid leadId, CancellationToken cancellationToken = default)
    {
        var scoring = Scoring;
        var rules = LeadScoringRules.Compile(scoring.Rules);
        var now = engine.Time.GetUtcNow();
        var nested = AmbientUnitOfWork.Current is not null;
        LeadScoreResult result = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var before = await LoadAsync(session, leadId, ct).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.LeadsWrite, Ownership(before));
            var target = await new CustomerWorkflowEntityResolver().LoadAsync(session, "lead", leadId, includeRelations: true, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), leadId);
            var decayed = before.ScoreAt(now, scoring.HalfLife);
            var matched = rules.Match(target.Target, now);
            var score = decayed + matched.Sum(r => r.Points);

            // A score that decayed below the threshold has left it, so rising above it again is a new crossing.
            var wasAbove = scoring.Threshold is { } t0 && before.AboveThreshold && decayed >= t0;
            var isAbove = scoring.Threshold is { } t1 && score >= t1;
            var crossed = isAbove && !wasAbove;
            var stored = await session.Sales.SaveLeadAsync(before with { Score = score, ScoredAt = now, AboveThreshold = isAbove, UpdatedAt = now }, ct).ConfigureAwait(false);
            var names = matched.Select(r => r.Name).ToList();
            await engine.Events.PublishAsync(new LeadScored(before, stored, names) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            if (crossed)
            {
                await engine.Events.PublishAsync(new LeadScoreThresholdCrossed(stored, scoring.Threshold!.Value) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            }

            result = new LeadScoreResult(stored, decayed, names, crossed);
        }, cancellationToken).ConfigureAwait(false);

        // Fired after the commit: the runtime opens its own transaction per step. Inside a caller's TransactAsync only
        // the LeadScoreThresholdCrossed event is raised (see docs/sales-marketing.md).
        if (result.CrossedThreshold && !nested)
        {
            await FireThresholdTriggerAsync(result.Lead, scoring.ThresholdTrigger, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<LeadConversionResult> ConvertAsync(Guid leadId, LeadConversion conversion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        var now = engine.Time.GetUtcNow();
        LeadConversionResult result = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var before = await LoadAsync(session, leadId, ct).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.LeadsWrite, Ownership(before));
            engine.Access.Demand(caller, CrmPermissions.DealsWrite);
            if (before.IsConverted)
            {
                throw new CrmValidationException("leadId", $"Lead '{leadId}' was already converted on {before.ConvertedAt:O} into deal '{before.DealId}'.", "converted");
            }

            var customer = await session.Customers.GetAsync(leadId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), leadId);

            // The same record becomes the customer: identifier, timeline, purchases and workflows stay attached.
            var converted = customer.LifecycleStage >= LifecycleStage.Customer
                ? customer
                : await customers.UpdateAsync(customer with { LifecycleStage = LifecycleStage.Customer }, ct).ConfigureAwait(false);
            var deal = await deals.InsertAsync(session, new Deal
            {
                CustomerId = leadId,
                PipelineId = conversion.PipelineId,
                Name = conversion.DealName,
                Amount = conversion.Amount,
                Currency = conversion.Currency,
                ExpectedCloseDate = conversion.ExpectedCloseDate,
                OwnerId = conversion.OwnerId ?? before.OwnerId ?? customer.OwnerId,
                TeamId = before.TeamId,
                SourceCampaignId = before.Source.CampaignId,
                LeadId = leadId,
            }, now, caller.UserId, ct).ConfigureAwait(false);
            var lead = await session.Sales.SaveLeadAsync(before with { ConvertedAt = now, DealId = deal.Id, UpdatedAt = now }, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new LeadConverted(lead, deal) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            result = new LeadConversionResult(converted, lead, deal);
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<LeadProfile> EnsureProfileAsync(IStorageSession session, Customer customer, LeadSource source, bool created, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await session.Sales.GetLeadAsync(customer.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var lead = await session.Sales.SaveLeadAsync(new LeadProfile
        {
            Id = customer.Id,
            Source = source,
            OwnerId = customer.OwnerId,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new LeadCaptured(lead, created) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return lead;
    }

    private async Task FireThresholdTriggerAsync(LeadProfile lead, string trigger, CancellationToken cancellationToken)
    {
        if (engine.Services.GetService<WorkflowRuntime>() is null)
        {
            return;
        }

        var workflows = new WorkflowService(engine, caller);
        foreach (var instance in await workflows.GetByEntityAsync(lead.Id, cancellationToken).ConfigureAwait(false))
        {
            if (instance.Status != WorkflowInstanceStatus.Running)
            {
                continue;
            }

            var permitted = await workflows.GetPermittedTriggersAsync(instance.Id, cancellationToken).ConfigureAwait(false);
            if (permitted.Any(p => p.IsPermitted && p.Trigger == trigger))
            {
                // Keyed by the scoring instant: a retried call does not fire twice for the same crossing.
                var key = $"lead-threshold:{lead.Id:N}:{lead.ScoredAt!.Value.UtcTicks}";
                await workflows.FireAsync(instance.Id, trigger, null, key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<LeadProfile> LoadAsync(IStorageSession session, Guid leadId, CancellationToken cancellationToken) =>
        await session.Sales.GetLeadAsync(leadId, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException("Lead", leadId);

    private static RecordOwnership Ownership(LeadProfile lead) => new("Lead", lead.Id.ToString(), lead.OwnerId, lead.TeamId);
}
