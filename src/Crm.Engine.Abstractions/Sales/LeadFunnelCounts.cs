namespace Crm.Engine.Sales;

/// <summary>
/// How far the leads captured in a period got, counted by the sales store (see <see cref="ISalesStore.CountLeadFunnelAsync"/>).
/// Each step counts the leads that reached it or a later one, so the counts never grow from one step to the next.
/// </summary>
/// <param name="Leads">Leads captured in the period.</param>
/// <param name="Qualified">Of those, leads qualified or converted.</param>
/// <param name="Opportunities">Of those, leads converted into a deal.</param>
/// <param name="Won">Of those, converted leads whose customer has a won deal.</param>
public sealed record LeadFunnelCounts(long Leads, long Qualified, long Opportunities, long Won);
