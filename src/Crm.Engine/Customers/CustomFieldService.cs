namespace Crm.Engine;

/// <summary>Manages custom field definitions for one caller's tenant.</summary>
internal sealed class CustomFieldService(CrmEngine engine, CrmCaller caller) : ICustomFieldService
{
    public async Task DefineAsync(CustomFieldDefinition definition, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.Administer);
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new ValidationErrors($"customFields['{definition.Key}'].");
        CustomFieldRules.CheckDefinition(definition, errors);
        errors.ThrowIfAny("CustomField");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        await session.CustomFields.UpsertAsync(definition, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.Administer);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.CustomFields.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await ListAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the definitions, or none when the provider predates custom fields.</summary>
    internal static async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(Storage.IStorageSession session, CancellationToken cancellationToken)
    {
        Storage.ICustomFieldStore store;
        try
        {
            store = session.CustomFields;
        }
        catch (NotSupportedException)
        {
            return [];
        }

        return await store.ListAsync(cancellationToken).ConfigureAwait(false);
    }
}
