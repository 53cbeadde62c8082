namespace Crm.Engine.Loyalty;

/// <summary>What a rule sees besides the event: the program, the account before the event, and earlier rules' awards.</summary>
public sealed record LoyaltyRuleContext
{
    /// <summary>Gets the program the rule runs in.</summary>
    public required LoyaltyProgramDefinition Program { get; init; }

    /// <summary>Gets the customer's account before the event, or <see langword="null"/> for a customer without one yet.</summary>
    public LoyaltyAccount? Account { get; init; }

    /// <summary>Gets the points the rules before this one awarded for the same event (multipliers build on them).</summary>
    public long PointsSoFar { get; init; }

    /// <summary>Gets the current time.</summary>
    public required DateTimeOffset Now { get; init; }
}
