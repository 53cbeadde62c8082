namespace Crm.Engine.Campaigns;

/// <summary>
/// A co-purchase rule "who buys <see cref="Antecedent"/> also buys <see cref="Consequent"/>", over purchases
/// (transactions): support = P(A and B), confidence = P(B | A), lift = confidence / P(B).
/// </summary>
/// <param name="Antecedent">The SKU bought.</param>
/// <param name="Consequent">The SKU recommended.</param>
/// <param name="PairCount">Purchases holding both.</param>
/// <param name="Support">Pair count over all purchases with lines.</param>
/// <param name="Confidence">Pair count over purchases holding the antecedent.</param>
/// <param name="Lift">Confidence over the consequent's share of purchases; above 1 means bought together more than by chance.</param>
public sealed record AssociationRule(string Antecedent, string Consequent, long PairCount, double Support, double Confidence, double Lift);
