using Crm.Engine.Storage;
using Crm.Engine.Workflows;

namespace Crm.Engine.Support;

/// <summary>Loads support cases for workflows whose entity is <c>case</c>, through the step's session.</summary>
internal sealed class CaseWorkflowEntityResolver : IWorkflowEntityResolver
{
    public IReadOnlyCollection<string> EntityKinds { get; } = ["case"];

    public async Task<WorkflowEntitySnapshot?> LoadAsync(IStorageSession session, string entityKind, Guid entityId, bool includeRelations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var supportCase = await session.Support.GetCaseAsync(entityId, cancellationToken).ConfigureAwait(false);
        return supportCase is null ? null : new WorkflowEntitySnapshot(new CaseConditionTarget(supportCase), supportCase.Version);
    }
}
