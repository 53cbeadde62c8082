namespace Crm.Engine.Loyalty;

/// <summary>Says what a ledger entry records. The ledger is append-only: a mistake is corrected by a new entry.</summary>
public enum LoyaltyEntryKind
{
    /// <summary>Points earned by an earning event (purchase, birthday, referral...) or awarded by hand; positive.</summary>
    Earn = 0,

    /// <summary>Points spent on a reward; negative.</summary>
    Redeem = 1,

    /// <summary>Points that reached the end of their lifetime; negative.</summary>
    Expire = 2,

    /// <summary>A correction by an operator; positive or negative.</summary>
    Adjust = 3,
}
