namespace Crm.Engine.StateMachine.Tests;

public enum Deal
{
    Lead,
    Contacted,
    Qualified,
    Proposal,
    Negotiation,
    Won,
    Lost,
    Open,
    Active,
    Closed,
}

public enum Move
{
    Contact,
    Qualify,
    Propose,
    Negotiate,
    Win,
    Lose,
    Close,
    Reopen,
    Touch,
    Ping,
    Route,
    Assign,
}

/// <summary>Records the order in which actions ran, so tests can assert it exactly.</summary>
public sealed class ActionLog
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string entry) => _entries.Add(entry);

    public Action Record(string entry) => () => _entries.Add(entry);
}
