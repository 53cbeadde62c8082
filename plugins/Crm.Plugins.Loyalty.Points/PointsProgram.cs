using System.Globalization;
using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>
/// Runs the points program over the ledger of whatever session it is handed: earn rules, manual postings, expiry and
/// tier reviews. Stateless beyond its configuration, so it serves every tenant at once.
/// </summary>
/// <remarks>
/// Tiers: a customer reaches a tier the moment the points they earned in the qualification window reach its threshold,
/// and holds it until its review date (reached + the tier's re-qualification period). At the review the tier is set
/// from the qualifying points then: kept (a new period starts), raised, or lowered.
/// </remarks>
internal sealed class PointsProgram : ILoyaltyProgram
{
    private readonly IReadOnlyList<ILoyaltyRule> _rules;
    private readonly IReadOnlyList<ILoyaltyRule> _finalRules;
    private readonly HashSet<string> _ruleNames;
    private readonly ILoyaltyRuleContributions? _contributions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the program.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="rules">The program's own earn rules, run first, in order.</param>
    /// <param name="finalRules">Rules run after the contributed ones (the campaign multiplier, which builds on every award before it).</param>
    /// <param name="contributions">The rules the engine and other plugins contribute, run between the two; <see langword="null"/> for none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PointsProgram(
        LoyaltyPointsOptions options,
        IEnumerable<ILoyaltyRule> rules,
        IEnumerable<ILoyaltyRule> finalRules,
        ILoyaltyRuleContributions? contributions,
        TimeProvider? time,
        ILogger<PointsProgram>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(finalRules);
        Definition = options.ToDefinition();
        _rules = [.. rules];
        _finalRules = [.. finalRules];
        _contributions = contributions;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var duplicate = _rules.Concat(_finalRules).GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two loyalty rules are named '{duplicate.Key}'; rule names are part of idempotency keys and must be unique.", nameof(rules));
        }

        _ruleNames = new HashSet<string>(_rules.Concat(_finalRules).Select(r => r.Name), StringComparer.Ordinal);
    }

    public LoyaltyProgramDefinition Definition { get; }

    public Task<LoyaltyResult> EarnAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(earning);
        ArgumentException.ThrowIfNullOrWhiteSpace(earning.Kind, nameof(earning));
        ArgumentException.ThrowIfNullOrWhiteSpace(earning.SourceId, nameof(earning));
        return InTransactionAsync(session, token => EarnCoreAsync(session, earning, actor, token), cancellationToken);
    }

    public Task<LoyaltyResult> PostAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(posting);
        return InTransactionAsync(session, token => PostCoreAsync(session, posting, actor, token), cancellationToken);
    }

    public Task<LoyaltyResult> MaintainAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return InTransactionAsync(session, token => MaintainCoreAsync(session, customerId, actor, token), cancellationToken);
    }

    private static async Task<LoyaltyResult> InTransactionAsync(IStorageSession session, Func<CancellationToken, Task<LoyaltyResult>> work, CancellationToken cancellationToken)
    {
        if (session.InTransaction)
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }

        var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<LoyaltyResult> EarnCoreAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var store = session.Loyalty;
        var account = await store.GetAccountAsync(earning.CustomerId, cancellationToken).ConfigureAwait(false);
        var context = new LoyaltyRuleContext { Program = Definition, Account = account, Now = now };
        var entries = new List<LoyaltyLedgerEntry>();
        var events = new List<CrmEvent>();
        var awards = 0;

        async Task AppendAsync(string rule, LoyaltyAward award)
        {
            awards++;
            context = context with { PointsSoFar = context.PointsSoFar + award.Points };
            var entry = new LoyaltyLedgerEntry
            {
                Id = Guid.CreateVersion7(now),
                CustomerId = earning.CustomerId,
                Kind = LoyaltyEntryKind.Earn,
                Points = award.Points,
                IdempotencyKey = earning.KeyFor(rule),
                Reason = award.Reason,
                Rule = rule,
                SourceId = earning.SourceId,
                OccurredAt = earning.OccurredAt,
                ExpiresAt = earning.OccurredAt + Definition.PointsLifetime,
                Actor = actor,
            };
            var appended = await store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            if (appended.Status == LoyaltyAppendStatus.Appended)
            {
                entries.Add(appended.Entry!);
                events.Add(new PointsAwarded(appended.Entry!, account, appended.Account!) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor });
                PointsLog.Awarded(_logger, award.Points, earning.CustomerId, earning.Kind, earning.SourceId, session.TenantId);
            }

            account = appended.Account ?? account;
        }

        foreach (var rule in _rules)
        {
            if (rule.Evaluate(earning, context) is { Points: > 0 } award)
            {
                await AppendAsync(rule.Name, award).ConfigureAwait(false);
            }
        }

        if (_contributions is not null)
        {
            // Contributed rules see the account as it was before the event, like the program's own rules.
            var contributed = await _contributions.EvaluateAsync(earning, context, _ruleNames, cancellationToken).ConfigureAwait(false);
            foreach (var award in contributed)
            {
                if (award.Award.Points > 0)
                {
                    await AppendAsync(award.Rule, award.Award).ConfigureAwait(false);
                }
            }
        }

        foreach (var rule in _finalRules)
        {
            if (rule.Evaluate(earning, context) is { Points: > 0 } award)
            {
                await AppendAsync(rule.Name, award).ConfigureAwait(false);
            }
        }

        if (awards > 0 && entries.Count == 0)
        {
            PointsLog.AlreadyCounted(_logger, earning.Kind, earning.SourceId, earning.CustomerId, session.TenantId);
        }

        if (entries.Count > 0 && account is not null)
        {
            account = await ReviewTierAsync(session, account, now, atReview: false, events, actor, cancellationToken).ConfigureAwait(false);
        }

        return new LoyaltyResult { Entries = entries, Account = account, Duplicate = awards > 0 && entries.Count == 0, Events = events };
    }

    private async Task<LoyaltyResult> PostCoreAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var store = session.Loyalty;
        var points = posting.Kind switch
        {
            LoyaltyEntryKind.Earn => posting.Points,
            LoyaltyEntryKind.Redeem => -posting.Points,
            LoyaltyEntryKind.Adjust => posting.Points,
            _ => throw new ArgumentException($"A posting is an award, a redemption or an adjustment; {posting.Kind} is written by the program itself.", nameof(posting)),
        };
        var before = await store.GetAccountAsync(posting.CustomerId, cancellationToken).ConfigureAwait(false);
        var entry = new LoyaltyLedgerEntry
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = posting.CustomerId,
            Kind = posting.Kind,
            Points = points,
            IdempotencyKey = posting.IdempotencyKey,
            Reason = posting.Reason,
            SourceId = posting.SourceId,
            OccurredAt = now,
            ExpiresAt = posting.Kind == LoyaltyEntryKind.Earn ? now + Definition.PointsLifetime : null,
            Actor = actor,
        };
        var appended = await store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        switch (appended.Status)
        {
            case LoyaltyAppendStatus.Duplicate:
                return new LoyaltyResult { Account = appended.Account, Duplicate = true };
            case LoyaltyAppendStatus.InsufficientBalance:
                return new LoyaltyResult { Account = appended.Account, InsufficientBalance = true };
        }

        var events = new List<CrmEvent>
        {
            posting.Kind == LoyaltyEntryKind.Redeem
                ? (CrmEvent)new PointsRedeemed(appended.Entry!, before, appended.Account!) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor }
                : new PointsAwarded(appended.Entry!, before, appended.Account!) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor },
        };
        var account = appended.Account!;
        if (posting.Kind == LoyaltyEntryKind.Earn)
        {
            account = await ReviewTierAsync(session, account, now, atReview: false, events, actor, cancellationToken).ConfigureAwait(false);
        }

        return new LoyaltyResult { Entries = [appended.Entry!], Account = account, Events = events };
    }

    private async Task<LoyaltyResult> MaintainCoreAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var store = session.Loyalty;
        var account = await store.GetAccountAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return new LoyaltyResult();
        }

        var entries = new List<LoyaltyLedgerEntry>();
        var events = new List<CrmEvent>();
        var expiring = await store.GetExpiringPointsAsync(customerId, now, cancellationToken).ConfigureAwait(false);
        if (expiring > 0)
        {
            // Keyed by how much was consumed before: two sweeps that see the same ledger write one expiry.
            var consumed = account.LifetimePositive - account.Balance;
            var entry = new LoyaltyLedgerEntry
            {
                Id = Guid.CreateVersion7(now),
                CustomerId = customerId,
                Kind = LoyaltyEntryKind.Expire,
                Points = -expiring,
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"expire:{customerId:N}:{consumed}"),
                Reason = "Points expired",
                OccurredAt = now,
                Actor = actor,
            };
            var appended = await store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            if (appended.Status == LoyaltyAppendStatus.Appended)
            {
                entries.Add(appended.Entry!);
                events.Add(new PointsExpired(appended.Entry!, account, appended.Account!) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor });
                PointsLog.Expired(_logger, expiring, customerId, session.TenantId);
            }

            account = appended.Account ?? account;
        }

        if (account.TierReviewAt is { } reviewAt && reviewAt <= now)
        {
            account = await ReviewTierAsync(session, account, now, atReview: true, events, actor, cancellationToken).ConfigureAwait(false);
        }

        return new LoyaltyResult { Entries = entries, Account = account, Events = events };
    }

    /// <summary>Raises the tier when qualifying points reached a higher threshold; at a review, sets it from them either way.</summary>
    private async Task<LoyaltyAccount> ReviewTierAsync(
        IStorageSession session, LoyaltyAccount account, DateTimeOffset now, bool atReview, List<CrmEvent> events, string? actor, CancellationToken cancellationToken)
    {
        if (Definition.Tiers.Count == 0)
        {
            return account;
        }

        var qualifying = await session.Loyalty.SumEarnedAsync(account.CustomerId, now - Definition.QualificationWindow, now, cancellationToken).ConfigureAwait(false);
        var target = Definition.TierFor(qualifying);
        var currentRank = Definition.RankOf(account.Tier);
        var targetRank = Definition.RankOf(target?.Name);
        if (!atReview && targetRank <= currentRank)
        {
            return account;
        }

        var moved = targetRank != currentRank;
        var since = moved ? now : account.TierSince;
        DateTimeOffset? reviewAt = target is null || target.Threshold == 0 || target.RequalificationPeriod <= TimeSpan.Zero
            ? null
            : now + target.RequalificationPeriod;
        var updated = await session.Loyalty.SetTierAsync(account.CustomerId, target?.Name, target is null ? null : since, reviewAt, now, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            events.Add(new TierChanged(account.CustomerId, account.Tier, target?.Name, qualifying, account, updated) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor });
            PointsLog.TierChanged(_logger, account.CustomerId, account.Tier, target?.Name, qualifying, session.TenantId);
        }

        return updated;
    }
}
