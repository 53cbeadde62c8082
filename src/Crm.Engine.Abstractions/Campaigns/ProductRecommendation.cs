namespace Crm.Engine.Campaigns;

/// <summary>A "next best product" for a customer: a consequent of a rule whose antecedent the customer bought.</summary>
/// <param name="Sku">The SKU recommended; the customer has not bought it.</param>
/// <param name="BecauseOf">The SKU the customer bought that gives the strongest rule.</param>
/// <param name="Lift">The strongest rule's lift.</param>
/// <param name="Confidence">The strongest rule's confidence.</param>
public sealed record ProductRecommendation(string Sku, string BecauseOf, double Lift, double Confidence);
