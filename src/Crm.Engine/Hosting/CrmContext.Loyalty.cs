using Crm.Engine.Loyalty;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

/// <content>The loyalty service, present while a loyalty program is installed.</content>
internal sealed partial class CrmContext
{
    // Not cached: a program plugin can be loaded or removed while the context lives.
    public ILoyaltyService Loyalty => new LoyaltyService(
        engine,
        Caller,
        engine.Services.GetRequiredService<LoyaltyProgramLocator>().Find() ?? throw new NotSupportedException(LoyaltyProgramLocator.NotInstalledMessage));
}
