using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>What a segment screen shows: how many customers are members, and one page of them.</summary>
/// <param name="Count">How many customers match now, over the whole segment whatever page was asked for.</param>
/// <param name="Members">The requested page of members, oldest customer first.</param>
public sealed record SegmentEvaluation(long Count, Page<Customer> Members);
