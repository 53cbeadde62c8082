using Crm.Engine.Events;

namespace Crm.Engine.Sales;

/// <summary>Raised after a lead is captured (a new lead profile is stored).</summary>
/// <param name="Lead">The lead profile.</param>
/// <param name="CustomerCreated">Whether a new customer record was created for it.</param>
public sealed record LeadCaptured(LeadProfile Lead, bool CustomerCreated) : CrmEvent;

/// <summary>Raised after a lead is scored.</summary>
/// <param name="Before">The profile before scoring.</param>
/// <param name="After">The profile after scoring.</param>
/// <param name="MatchedRules">The rules that matched.</param>
public sealed record LeadScored(LeadProfile Before, LeadProfile After, IReadOnlyList<string> MatchedRules) : CrmEvent;

/// <summary>Raised once per upward crossing of the scoring threshold.</summary>
/// <param name="Lead">The lead after scoring.</param>
/// <param name="Threshold">The threshold crossed.</param>
public sealed record LeadScoreThresholdCrossed(LeadProfile Lead, decimal Threshold) : CrmEvent;

/// <summary>Raised after a lead's BANT information changes.</summary>
/// <param name="Before">The profile before.</param>
/// <param name="After">The profile after.</param>
public sealed record LeadUpdated(LeadProfile Before, LeadProfile After) : CrmEvent;

/// <summary>Raised when a lead first meets the qualification criteria.</summary>
/// <param name="Lead">The qualified lead.</param>
public sealed record LeadQualified(LeadProfile Lead) : CrmEvent;

/// <summary>Raised after a lead is converted into a customer with a deal.</summary>
/// <param name="Lead">The converted lead.</param>
/// <param name="Deal">The deal created.</param>
public sealed record LeadConverted(LeadProfile Lead, Deal Deal) : CrmEvent;

/// <summary>Raised after a pipeline is created or changed.</summary>
/// <param name="Pipeline">The pipeline as stored.</param>
public sealed record PipelineSaved(Pipeline Pipeline) : CrmEvent;

/// <summary>Raised after a deal is created.</summary>
/// <param name="Deal">The deal.</param>
public sealed record DealCreated(Deal Deal) : CrmEvent;

/// <summary>Raised after a deal's fields (not its stage) change.</summary>
/// <param name="Before">The deal before.</param>
/// <param name="After">The deal after.</param>
public sealed record DealUpdated(Deal Before, Deal After) : CrmEvent;

/// <summary>Raised after a deal moves to another stage.</summary>
/// <param name="Before">The deal before the move.</param>
/// <param name="After">The deal after the move.</param>
/// <param name="Change">The stage history entry.</param>
public sealed record DealStageChanged(Deal Before, Deal After, DealStageChange Change) : CrmEvent;

/// <summary>Raised after a deal enters a won stage (after <see cref="DealStageChanged"/>).</summary>
/// <param name="Deal">The won deal.</param>
public sealed record DealWon(Deal Deal) : CrmEvent;

/// <summary>Raised after a deal enters a lost stage (after <see cref="DealStageChanged"/>).</summary>
/// <param name="Deal">The lost deal.</param>
public sealed record DealLost(Deal Deal) : CrmEvent;

/// <summary>Raised after a quote is created.</summary>
/// <param name="Quote">The quote.</param>
public sealed record QuoteCreated(Quote Quote) : CrmEvent;

/// <summary>Raised after a quote is accepted (the order and purchase commit with it).</summary>
/// <param name="Before">The quote before.</param>
/// <param name="After">The accepted quote.</param>
public sealed record QuoteAccepted(Quote Before, Quote After) : CrmEvent;

/// <summary>Raised after a quote is rejected.</summary>
/// <param name="Before">The quote before.</param>
/// <param name="After">The rejected quote.</param>
public sealed record QuoteRejected(Quote Before, Quote After) : CrmEvent;

/// <summary>Raised after an order is created from an accepted quote.</summary>
/// <param name="Order">The order.</param>
public sealed record OrderCreated(Order Order) : CrmEvent;
