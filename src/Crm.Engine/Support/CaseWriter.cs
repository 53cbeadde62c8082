using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Support;

/// <summary>
/// The case writes shared by the service, the SLA timers, the interaction hook and the <c>openCase</c> action. It
/// works on a session the caller owns (an ambient unit, or a workflow step's), so everything it does commits together,
/// and hands events to <paramref name="publish"/> (deferred to the commit by the caller).
/// </summary>
internal sealed class CaseWriter(CrmEngine engine, SupportOptions options, IStorageSession session, string actor, Func<CrmEvent, CancellationToken, Task> publish)
{
    internal const string Entity = "SupportCase";
    private const int MaxSubjectLength = 500;

    public IStorageSession Session => session;

    public SupportOptions Options => options;

    public DateTimeOffset Now => engine.Time.GetUtcNow();

    public async Task<SupportCase> OpenAsync(OpenCaseRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = Validate(request);
        if (request.OpenKey is { } key && await session.Support.FindCaseByOpenKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        _ = await session.Customers.GetAsync(request.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), request.CustomerId);
        var source = request.SourceInteractionId is { } sourceId
            ? await session.Interactions.GetAsync(sourceId, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException(nameof(Interaction), sourceId)
            : null;
        var target = policy is not null && policy.Targets.TryGetValue(request.Priority, out var t) ? t : null;
        var supportCase = new SupportCase
        {
            Id = Guid.CreateVersion7(now),
            TenantId = session.TenantId,
            CustomerId = request.CustomerId,
            Subject = request.Subject.Trim(),
            Description = request.Description,
            Priority = request.Priority,
            Category = request.Category,
            Status = CaseStatus.New,
            TeamId = request.TeamId,
            OwnerId = request.OwnerId ?? await PickAgentAsync(options.FindTeam(request.TeamId), cancellationToken).ConfigureAwait(false),
            Channel = request.Channel,
            SlaPolicy = target is null ? null : policy!.Name,
            OpenedAt = now,
            FirstResponseDueAt = target is null ? null : SlaClock.Add(policy!, now, target.FirstResponse),
            ResolutionDueAt = target is null ? null : SlaClock.Add(policy!, now, target.Resolution),
            OpenKey = request.OpenKey,
            UpdatedAt = now,
        };
        var stored = await session.Support.TryInsertCaseAsync(supportCase, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // Another writer opened the case with this key between our check and the insert.
            return (await session.Support.FindCaseByOpenKeyAsync(request.OpenKey!, cancellationToken).ConfigureAwait(false))!;
        }

        if (target is not null)
        {
            await ScheduleSlaAsync(stored, policy!, target, now, cancellationToken).ConfigureAwait(false);
        }

        if (source is not null && source.CaseId != stored.Id)
        {
            await session.Interactions.UpdateAsync(source with { CaseId = stored.Id }, cancellationToken).ConfigureAwait(false);
        }

        await publish(new CaseOpened(stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<SupportCase> GetRequiredAsync(Guid caseId, CancellationToken cancellationToken) =>
        await session.Support.GetCaseAsync(caseId, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException(Entity, caseId);

    /// <summary>Stamps the first response (first outbound message) unless the case has one; the case moves from New to Open.</summary>
    public async Task<SupportCase> RecordFirstResponseAsync(SupportCase before, DateTimeOffset respondedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (before.FirstResponseAt is not null)
        {
            return before;
        }

        var after = await session.Support.UpdateCaseAsync(
            before with { FirstResponseAt = respondedAt, Status = before.Status == CaseStatus.New ? CaseStatus.Open : before.Status, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        await CancelSlaAsync(after.Id, [SlaMilestone.FirstResponseWarning, SlaMilestone.FirstResponseBreach], now, cancellationToken).ConfigureAwait(false);
        await publish(new CaseStatusChanged(before, after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<SupportCase> ChangeStatusAsync(SupportCase before, CaseStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (before.Status == CaseStatus.Closed && status != CaseStatus.Closed)
        {
            throw new CrmValidationException([new ValidationError("status", $"case '{before.Id}' is closed; a closed case cannot move to {status}.") { Rule = "transition" }]);
        }

        if (before.Status == status)
        {
            return before;
        }

        var resolving = status is CaseStatus.Resolved or CaseStatus.Closed;
        var after = await session.Support.UpdateCaseAsync(
            before with { Status = status, ResolvedAt = resolving ? before.ResolvedAt ?? now : null, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        if (resolving)
        {
            await CancelSlaAsync(after.Id, Enum.GetValues<SlaMilestone>(), now, cancellationToken).ConfigureAwait(false);
        }

        await publish(new CaseStatusChanged(before, after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<SupportCase> AssignAsync(SupportCase before, string? ownerId, string? teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var team = teamId ?? before.TeamId;
        if (teamId is not null && options.FindTeam(teamId) is null)
        {
            throw new CrmValidationException([new ValidationError("teamId", $"team '{teamId}' is not configured; add it to SupportOptions.Teams.") { Rule = "reference" }]);
        }

        var owner = ownerId ?? await PickAgentAsync(options.FindTeam(team), cancellationToken).ConfigureAwait(false);
        if (string.Equals(owner, before.OwnerId, StringComparison.Ordinal) && string.Equals(team, before.TeamId, StringComparison.Ordinal))
        {
            return before;
        }

        var after = await session.Support.UpdateCaseAsync(before with { OwnerId = owner, TeamId = team, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        await publish(new CaseAssigned(before, after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        return after;
    }

    /// <summary>Escalates a breached case: one level up, to the policy's escalation team (assigned by its strategy) when it has one.</summary>
    public async Task<SupportCase> EscalateAsync(SupportCase before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var escalationTeam = options.FindPolicy(before.SlaPolicy)?.EscalationTeamId;
        var moved = escalationTeam is not null && !string.Equals(escalationTeam, before.TeamId, StringComparison.Ordinal);
        var owner = moved ? await PickAgentAsync(options.FindTeam(escalationTeam), cancellationToken).ConfigureAwait(false) ?? before.OwnerId : before.OwnerId;
        var after = await session.Support.UpdateCaseAsync(
            before with { EscalationLevel = before.EscalationLevel + 1, TeamId = moved ? escalationTeam : before.TeamId, OwnerId = owner, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        await publish(new CaseEscalated(before, after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            await publish(new CaseAssigned(before, after) { EventId = Guid.CreateVersion7(now), TenantId = after.TenantId, OccurredAt = now, Actor = actor }, cancellationToken).ConfigureAwait(false);
        }

        return after;
    }

    /// <summary>Picks an agent of the team by its strategy; <see langword="null"/> without a team or agents.</summary>
    /// <remarks>
    /// Round-robin takes an atomic turn from the store. Least-loaded counts in SQL inside the caller's write transaction,
    /// which on SQLite holds the database write lock, so two concurrent opens cannot both see the same agent as least loaded.
    /// </remarks>
    private async Task<string?> PickAgentAsync(SupportTeam? team, CancellationToken cancellationToken)
    {
        if (team is null || team.Agents.Count == 0)
        {
            return null;
        }

        if (team.Strategy == AssignmentStrategy.RoundRobin)
        {
            var turn = await session.Support.NextAssignmentTurnAsync(team.Id, cancellationToken).ConfigureAwait(false);
            return team.Agents[(int)(turn % team.Agents.Count)];
        }

        var load = await session.Support.CountOpenCasesByOwnerAsync([.. team.Agents], cancellationToken).ConfigureAwait(false);
        var best = team.Agents[0];
        var bestLoad = long.MaxValue;
        foreach (var agent in team.Agents)
        {
            var count = load.TryGetValue(agent, out var n) ? n : 0;
            if (count < bestLoad)
            {
                best = agent;
                bestLoad = count;
            }
        }

        return best;
    }

    private SlaPolicy? Validate(OpenCaseRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            errors.Add("subject", "is required.", "required");
        }
        else if (request.Subject.Length > MaxSubjectLength)
        {
            errors.Add("subject", $"is {request.Subject.Length} characters long; at most {MaxSubjectLength} are allowed.", "maxLength");
        }

        if (string.IsNullOrWhiteSpace(request.Channel))
        {
            errors.Add("channel", "is required.", "required");
        }

        if (!Enum.IsDefined(request.Priority))
        {
            errors.Add("priority", $"'{(int)request.Priority}' is not a case priority.", "enum");
        }

        if (request.TeamId is { } team && options.FindTeam(team) is null)
        {
            errors.Add("teamId", $"team '{team}' is not configured; add it to SupportOptions.Teams.", "reference");
        }

        var policyName = request.SlaPolicy ?? options.DefaultSlaPolicy;
        var policy = options.FindPolicy(policyName);
        if (policyName is not null && policy is null)
        {
            errors.Add("slaPolicy", $"SLA policy '{policyName}' is not configured; add it to SupportOptions.SlaPolicies.", "reference");
        }

        if (request.OpenKey is { Length: > 200 })
        {
            errors.Add("openKey", "is longer than 200 characters.", "maxLength");
        }

        errors.ThrowIfAny(Entity);
        return policy;
    }

    private async Task ScheduleSlaAsync(SupportCase supportCase, SlaPolicy policy, SlaTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<(SlaMilestone Milestone, DateTimeOffset? At)>
        {
            (SlaMilestone.FirstResponseWarning, SlaClock.Warning(policy, supportCase.OpenedAt, target.FirstResponse)),
            (SlaMilestone.FirstResponseBreach, supportCase.FirstResponseDueAt),
            (SlaMilestone.ResolutionWarning, SlaClock.Warning(policy, supportCase.OpenedAt, target.Resolution)),
            (SlaMilestone.ResolutionBreach, supportCase.ResolutionDueAt),
        };
        DateTimeOffset? earliest = null;
        foreach (var (milestone, at) in due)
        {
            if (at is not { } dueAt)
            {
                continue;
            }

            await session.Jobs.ScheduleAsync(new ScheduledJob
            {
                Id = Guid.CreateVersion7(now),
                TenantId = session.TenantId,
                Kind = SlaJobHandler.JobKind,
                Key = SlaJobHandler.Key(supportCase.Id, milestone),
                Payload = SlaJobHandler.Payload(supportCase.Id, milestone),
                DueAt = dueAt,
                Status = ScheduledJobStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            }, replace: true, cancellationToken).ConfigureAwait(false);
            earliest = earliest is null || dueAt < earliest ? dueAt : earliest;
        }

        if (earliest is { } first && engine.Services.GetService<JobRunner>() is { } runner)
        {
            // Waking the runner early is harmless: it reads the next due time again.
            AmbientUnitOfWork.RunAfterCommit(engine, () => runner.Notify(first));
        }
    }

    private async Task CancelSlaAsync(Guid caseId, IEnumerable<SlaMilestone> milestones, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var milestone in milestones)
        {
            await session.Jobs.CancelAsync(SlaJobHandler.Key(caseId, milestone), now, cancellationToken).ConfigureAwait(false);
        }
    }
}
