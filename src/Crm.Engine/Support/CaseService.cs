using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>Implements case operations for one caller; each write is one unit of work.</summary>
internal sealed class CaseService(CrmEngine engine, CrmCaller caller) : ICaseService
{
    private const int MaxDerivedSubjectLength = 120;

    public Task<SupportCase> OpenAsync(OpenCaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        engine.Access.Demand(caller, CrmPermissions.CasesWrite, new RecordOwnership("Case", "new", request.OwnerId, request.TeamId));
        return SupportUnit.RunAsync(engine, caller, (writer, token) => writer.OpenAsync(request, engine.Time.GetUtcNow(), token), cancellationToken);
    }

    public Task<SupportCase> FileInboundAsync(Guid interactionId, OpenCaseRequest? defaults = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CasesWrite);
        return SupportUnit.RunAsync(engine, caller, (writer, token) => FileAsync(writer, interactionId, defaults, token), cancellationToken);
    }

    public async Task<Interaction> AddMessageAsync(Guid caseId, Interaction message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        engine.Access.Demand(caller, CrmPermissions.InteractionsWrite);
        Interaction? recorded = null;
        await SupportUnit.RunAsync(engine, caller, async (writer, token) =>
        {
            var supportCase = await writer.GetRequiredAsync(caseId, token).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.CasesWrite, Ownership(supportCase));
            if (message.CustomerId != supportCase.CustomerId)
            {
                throw new CrmValidationException("customerId", $"the message is for customer '{message.CustomerId}' but case '{caseId}' is for customer '{supportCase.CustomerId}'.", "reference");
            }

            recorded = await new InteractionService(engine, caller).RecordAsync(message with { CaseId = caseId }, token).ConfigureAwait(false);
            if (recorded.Direction == InteractionDirection.Outbound)
            {
                await writer.RecordFirstResponseAsync(supportCase, recorded.OccurredAt, engine.Time.GetUtcNow(), token).ConfigureAwait(false);
            }

            return supportCase;
        }, cancellationToken).ConfigureAwait(false);
        return recorded!;
    }

    public async Task<SupportCase?> GetAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var supportCase = await session.Support.GetCaseAsync(caseId, cancellationToken).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.CasesRead, supportCase is null ? null : Ownership(supportCase));
            return supportCase;
        }
    }

    public async Task<Page<SupportCase>> ListAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.CasesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Support.QueryCasesAsync(query with { VisibleTo = engine.Access.VisibleRecords(caller, CrmPermissions.CasesRead) }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<SupportCase> AssignAsync(Guid caseId, string? ownerId, string? teamId = null, CancellationToken cancellationToken = default) =>
        SupportUnit.RunAsync(engine, caller, async (writer, token) =>
        {
            var before = await writer.GetRequiredAsync(caseId, token).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.CasesWrite, Ownership(before));
            return await writer.AssignAsync(before, ownerId, teamId, engine.Time.GetUtcNow(), token).ConfigureAwait(false);
        }, cancellationToken);

    public Task<SupportCase> ChangeStatusAsync(Guid caseId, CaseStatus status, CancellationToken cancellationToken = default) =>
        SupportUnit.RunAsync(engine, caller, async (writer, token) =>
        {
            var before = await writer.GetRequiredAsync(caseId, token).ConfigureAwait(false);
            engine.Access.Demand(caller, CrmPermissions.CasesWrite, Ownership(before));
            return await writer.ChangeStatusAsync(before, status, engine.Time.GetUtcNow(), token).ConfigureAwait(false);
        }, cancellationToken);

    internal static RecordOwnership Ownership(SupportCase supportCase) =>
        new("Case", supportCase.Id.ToString(), supportCase.OwnerId, supportCase.TeamId);

    /// <summary>Files an inbound interaction into the customer's open case on its channel, or a new case.</summary>
    internal static async Task<SupportCase> FileAsync(CaseWriter writer, Guid interactionId, OpenCaseRequest? defaults, CancellationToken cancellationToken)
    {
        var session = writer.Session;
        var interaction = await session.Interactions.GetAsync(interactionId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Interaction), interactionId);
        if (interaction.CaseId is { } linked && await session.Support.GetCaseAsync(linked, cancellationToken).ConfigureAwait(false) is { } current)
        {
            return current;
        }

        var now = writer.Now;
        if (await session.Support.FindOpenCaseAsync(interaction.CustomerId, interaction.Channel, cancellationToken).ConfigureAwait(false) is { } open)
        {
            await session.Interactions.UpdateAsync(interaction with { CaseId = open.Id }, cancellationToken).ConfigureAwait(false);
            return open;
        }

        return await writer.OpenAsync(new OpenCaseRequest
        {
            CustomerId = interaction.CustomerId,
            Subject = Subject(interaction),
            Description = interaction.Body,
            Priority = defaults?.Priority ?? CasePriority.Normal,
            Category = defaults?.Category,
            TeamId = defaults?.TeamId ?? writer.Options.InboundTeamId,
            OwnerId = defaults?.OwnerId,
            SlaPolicy = defaults?.SlaPolicy,
            Channel = interaction.Channel,
            SourceInteractionId = interaction.Id,
            OpenKey = "inbound:" + interaction.Id.ToString("N"),
        }, now, cancellationToken).ConfigureAwait(false);
    }

    private static string Subject(Interaction interaction)
    {
        var text = interaction.Subject ?? interaction.Body?.ReplaceLineEndings(" ");
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"Message on {interaction.Channel}";
        }

        text = text.Trim();
        return text.Length <= MaxDerivedSubjectLength ? text : text[..MaxDerivedSubjectLength];
    }
}
