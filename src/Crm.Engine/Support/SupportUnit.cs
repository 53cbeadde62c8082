using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Support;

/// <summary>Runs support work in one unit of work: one session, one transaction, events after the commit.</summary>
internal static class SupportUnit
{
    public static SupportOptions Options(CrmEngine engine) =>
        engine.Services.GetService<IOptions<SupportOptions>>()?.Value ?? new SupportOptions();

    public static async Task<T> RunAsync<T>(CrmEngine engine, CrmCaller caller, Func<CaseWriter, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        T result = default!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async token =>
        {
            var session = await engine.OpenSessionAsync(caller, token).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var writer = new CaseWriter(engine, Options(engine), session, caller.UserId, engine.Events.PublishAsync);
                result = await work(writer, token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
