namespace Crm.Engine.Events;

/// <summary>
/// Raised after a customer's personal data was erased (right to erasure), so subscribers erase their copies too.
/// Carries ids only: nothing personal leaves with it. The audit log records the erasure inside its transaction.
/// </summary>
/// <param name="CustomerId">The erased customer.</param>
/// <param name="ErasureId">The erasure record (<c>Privacy.GetErasureLogAsync</c>).</param>
public sealed record CustomerErased(Guid CustomerId, Guid ErasureId) : CrmEvent;
