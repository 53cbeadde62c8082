namespace Crm.Engine.Support;

/// <summary>Configures support: SLA policies, teams, alert rules and which inbound messages file themselves into cases.</summary>
public sealed class SupportOptions
{
    /// <summary>Gets the SLA policies.</summary>
    public IList<SlaPolicy> SlaPolicies { get; } = [];

    /// <summary>Gets or sets the policy cases get when the request names none; <see langword="null"/> for no SLA by default.</summary>
    public string? DefaultSlaPolicy { get; set; }

    /// <summary>Gets the teams cases are assigned among.</summary>
    public IList<SupportTeam> Teams { get; } = [];

    /// <summary>Gets the proactive issue detection rules.</summary>
    public IList<AlertRule> AlertRules { get; } = [];

    /// <summary>
    /// Gets the channels whose inbound messages are filed into cases as they are recorded (joining the customer's open
    /// case on the channel, or opening one). Empty by default: filing is then up to <see cref="ICaseService.FileInboundAsync"/>.
    /// </summary>
    public ISet<string> FileInboundChannels { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the team new cases filed from inbound messages go to, if any.</summary>
    public string? InboundTeamId { get; set; }

    /// <summary>
    /// Gets or sets how many of the customer's newest interactions, purchases and cases event-time alert checks look at; 500
    /// by default. Windowed counts below it are exact; see docs/support.md for what a longer history changes.
    /// </summary>
    public int AlertLookback { get; set; } = 500;

    internal SlaPolicy? FindPolicy(string? name) =>
        name is null ? null : SlaPolicies.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    internal SupportTeam? FindTeam(string? id) =>
        id is null ? null : Teams.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
}
