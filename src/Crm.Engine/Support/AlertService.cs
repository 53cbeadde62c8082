using Crm.Engine.Conditions;
using Crm.Engine.Scheduling;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>
/// Proactive issue detection. A sweep runs each rule's condition through the customer search, which the storage
/// provider translates to SQL (counts of recent interactions, purchases and cases included); the per-customer check
/// after an interaction or a new case evaluates the rules in memory over the customer's newest records (at most
/// <see cref="SupportOptions.AlertLookback"/> of each kind; docs/support.md says when that is exact). Either way an
/// alert is stored once per occurrence key.
/// </summary>
internal sealed class AlertService(CrmEngine engine, CrmCaller caller) : IAlertService
{
    public const string SweepJobKind = "crm.support.alerts";
    public const string SweepJobKey = "support-alerts";
    private const int SweepPageSize = 500;

    public async Task<AlertEvaluation> EvaluateAsync(string? ruleName = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CasesWrite);
        var rules = Rules(ruleName);
        var customers = new CustomerService(engine, caller);
        var matched = 0;
        var raised = new List<Alert>();
        foreach (var (rule, condition) in rules)
        {
            string? token = null;
            do
            {
                var page = await customers.SearchAsync(condition, new PageRequest(SweepPageSize, token), cancellationToken).ConfigureAwait(false);
                matched += page.Items.Count;
                raised.AddRange(await RaiseAsync(rule, page.Items.Select(c => c.Id), cancellationToken).ConfigureAwait(false));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return new AlertEvaluation(matched, raised);
    }

    public async Task<AlertEvaluation> EvaluateCustomerAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CasesWrite);
        var rules = Rules(null).Where(r => r.Rule.EvaluateOnInteraction).ToList();
        if (rules.Count == 0)
        {
            return new AlertEvaluation(0, []);
        }

        var lookback = new PageRequest(Math.Clamp(SupportUnit.Options(engine).AlertLookback, 1, PageRequest.MaxSize));
        var needs = AlertRecordNeeds.Of(rules.Select(r => r.Condition));
        Customer? customer;
        IReadOnlyList<Interaction> interactions = [];
        IReadOnlyList<Purchase> purchases = [];
        IReadOnlyList<SupportCase> cases = [];
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            customer = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false);
            if (customer is null)
            {
                return new AlertEvaluation(0, []);
            }

            if (needs.Interactions)
            {
                interactions = (await session.Interactions.GetTimelineAsync(customerId, lookback, cancellationToken).ConfigureAwait(false)).Items;
            }

            if (needs.Purchases)
            {
                purchases = (await session.Purchases.ListByCustomerAsync(customerId, lookback, cancellationToken).ConfigureAwait(false)).Items;
            }

            if (needs.Cases)
            {
                cases = (await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customerId, Page = lookback }, cancellationToken).ConfigureAwait(false)).Items;
            }
        }

        var now = engine.Time.GetUtcNow();
        var target = new CustomerConditionTarget(customer, interactions, purchases, cases);
        var matched = 0;
        var raised = new List<Alert>();
        foreach (var (rule, condition) in rules)
        {
            if (ConditionEvaluator.Compile(condition, CrmFields.Customer).Matches(target, now))
            {
                matched++;
                raised.AddRange(await RaiseAsync(rule, [customerId], cancellationToken).ConfigureAwait(false));
            }
        }

        return new AlertEvaluation(matched, raised);
    }

    public async Task ScheduleAsync(TimeSpan every, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CasesWrite);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromMinutes(1));
        await new JobScheduler(engine, caller).ScheduleAsync(new JobRequest
        {
            Kind = SweepJobKind,
            Key = SweepJobKey,
            DueAt = engine.Time.GetUtcNow() + every,
            RepeatEvery = every,
            Replace = true,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<Alert>> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.CasesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Support.QueryAlertsAsync(query, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<List<Alert>> RaiseAsync(AlertRule rule, IEnumerable<Guid> customerIds, CancellationToken cancellationToken) =>
        SupportUnit.RunAsync(engine, caller, async (writer, token) =>
        {
            var now = engine.Time.GetUtcNow();
            var period = rule.OccurrencePeriod > TimeSpan.Zero ? rule.OccurrencePeriod : TimeSpan.FromDays(7);
            var bucket = now.UtcTicks / period.Ticks;
            var raised = new List<Alert>();
            foreach (var customerId in customerIds)
            {
                var alert = await AlertRaiser.RaiseAsync(engine, writer, new Alert
                {
                    Rule = rule.Name,
                    OccurrenceKey = $"{rule.Name}:{customerId:N}:{bucket}",
                    CustomerId = customerId,
                    Severity = rule.Severity,
                    Message = rule.Message ?? rule.Name,
                }, rule.OpenCase, now, token).ConfigureAwait(false);
                if (alert is not null)
                {
                    raised.Add(alert);
                }
            }

            return raised;
        }, cancellationToken);

    private List<(AlertRule Rule, Condition Condition)> Rules(string? ruleName)
    {
        var rules = SupportUnit.Options(engine).AlertRules;
        var selected = new List<(AlertRule, Condition)>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (ruleName is null || string.Equals(rules[i].Name, ruleName, StringComparison.Ordinal))
            {
                selected.Add((rules[i], ConditionParser.Parse(rules[i].Condition, CrmFields.Customer, $"SupportOptions.AlertRules[{i}].Condition")));
            }
        }

        return ruleName is not null && selected.Count == 0
            ? throw new CrmNotFoundException(nameof(AlertRule), ruleName, "Add it to SupportOptions.AlertRules.")
            : selected;
    }
}
