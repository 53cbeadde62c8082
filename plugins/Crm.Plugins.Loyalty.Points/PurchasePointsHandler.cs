using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>
/// Awards points when a purchase is recorded. Idempotent: each rule's award is keyed by the purchase id and the rule, so
/// a redelivered <see cref="PurchaseRecorded"/> (or two deliveries at once) awards once.
/// </summary>
/// <param name="program">The program.</param>
/// <param name="storage">The storage provider the host granted, or <see langword="null"/> without the capability.</param>
/// <param name="bus">The event bus the host granted, or <see langword="null"/> without the capability.</param>
/// <param name="logger">The logger.</param>
internal sealed class PurchasePointsHandler(PointsProgram program, IStorageProvider? storage, ICrmEventBus? bus, ILogger<PurchasePointsHandler>? logger)
    : ICrmEventHandler<PurchaseRecorded>
{
    /// <summary>The actor written on entries the handler appends.</summary>
    public const string Actor = "plugin:crm.loyalty.points";

    private readonly ILogger _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public async Task HandleAsync(PurchaseRecorded crmEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        if (storage is null)
        {
            PointsLog.NoStorage(_logger, crmEvent.Purchase.Id, crmEvent.TenantId);
            return;
        }

        LoyaltyResult result;
        var session = await storage.OpenSessionAsync(crmEvent.TenantId, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            result = await program.EarnAsync(session, LoyaltyEarningEvent.ForPurchase(crmEvent.Purchase), Actor, cancellationToken).ConfigureAwait(false);
        }

        // Published after the commit (EarnAsync committed its own transaction), so handlers never see rolled-back points.
        if (bus is not null)
        {
            foreach (var raised in result.Events)
            {
                await bus.PublishAsync(raised, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
