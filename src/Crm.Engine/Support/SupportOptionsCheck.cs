using Crm.Engine.Conditions;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Support;

/// <summary>
/// Checks the support configuration when the engine starts, so a typo in a policy, team, time zone or rule condition
/// fails the start naming the option, instead of failing the first case or sweep that meets it.
/// </summary>
internal sealed class SupportOptionsCheck(IOptions<SupportOptions> options) : ICrmEngineComponent
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var errors = new List<ValidationError>();
        void Add(string path, string message, string rule) => errors.Add(new ValidationError("SupportOptions." + path, message) { Rule = rule });

        var policyNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.SlaPolicies.Count; i++)
        {
            var policy = o.SlaPolicies[i];
            var path = $"SlaPolicies[{i}]";
            if (string.IsNullOrWhiteSpace(policy.Name) || !policyNames.Add(policy.Name))
            {
                Add(path + ".Name", $"'{policy.Name}' is empty or used by another policy.", "unique");
            }

            if (policy.WarningAt is < 0 or > 1)
            {
                Add(path + ".WarningAt", $"is {policy.WarningAt}; it must be between 0 and 1.", "range");
            }

            foreach (var (priority, target) in policy.Targets)
            {
                if (target.FirstResponse <= TimeSpan.Zero || target.Resolution <= TimeSpan.Zero)
                {
                    Add($"{path}.Targets[{priority}]", "targets must be positive.", "range");
                }
            }

            if (policy.Hours is { } hours)
            {
                if (hours.End <= hours.Start)
                {
                    Add(path + ".Hours.End", $"{hours.End} is not later than Start {hours.Start}.", "range");
                }

                if (hours.WorkingDays.Count == 0)
                {
                    Add(path + ".Hours.WorkingDays", "has no working day, so SLA clocks would never run.", "required");
                }

                if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZoneId, out _))
                {
                    Add(path + ".Hours.TimeZoneId", $"'{hours.TimeZoneId}' is not a time zone this machine knows.", "reference");
                }
            }

            if (policy.EscalationTeamId is { } escalation && o.FindTeam(escalation) is null)
            {
                Add(path + ".EscalationTeamId", $"team '{escalation}' is not in SupportOptions.Teams.", "reference");
            }
        }

        if (o.DefaultSlaPolicy is { } fallback && o.FindPolicy(fallback) is null)
        {
            Add("DefaultSlaPolicy", $"'{fallback}' is not in SupportOptions.SlaPolicies.", "reference");
        }

        var teamIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Teams.Count; i++)
        {
            var team = o.Teams[i];
            if (string.IsNullOrWhiteSpace(team.Id) || !teamIds.Add(team.Id))
            {
                Add($"Teams[{i}].Id", $"'{team.Id}' is empty or used by another team.", "unique");
            }

            if (team.Agents.Count == 0 || team.Agents.Any(string.IsNullOrWhiteSpace))
            {
                Add($"Teams[{i}].Agents", "needs at least one agent and no empty agent ids.", "required");
            }
        }

        if (o.InboundTeamId is { } inbound && o.FindTeam(inbound) is null)
        {
            Add("InboundTeamId", $"team '{inbound}' is not in SupportOptions.Teams.", "reference");
        }

        var ruleNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.AlertRules.Count; i++)
        {
            var rule = o.AlertRules[i];
            if (string.IsNullOrWhiteSpace(rule.Name) || !ruleNames.Add(rule.Name))
            {
                Add($"AlertRules[{i}].Name", $"'{rule.Name}' is empty or used by another rule.", "unique");
            }

            try
            {
                ConditionParser.Parse(rule.Condition, CrmFields.Customer, $"SupportOptions.AlertRules[{i}].Condition");
            }
            catch (CrmValidationException e)
            {
                errors.AddRange(e.Errors);
            }

            if (rule.OpenCase?.TeamId is { } team && o.FindTeam(team) is null)
            {
                Add($"AlertRules[{i}].OpenCase.TeamId", $"team '{team}' is not in SupportOptions.Teams.", "reference");
            }
        }

        return errors.Count > 0 ? throw new CrmValidationException(errors) : Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
